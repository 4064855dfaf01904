package dev.telematics.handoff;

import dev.telematics.dtc.DtcReport;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.Vin;
import java.util.List;
import java.util.Objects;

/**
 * A validated message from a car or its owner app, as the edge hands it to processing: decoded, checked
 * and typed. Every field is valid by construction; processing never sees raw bytes.
 *
 * <p>{@code receivedNanos} is {@link System#nanoTime()} when the broker took the message (latency only).
 */
public sealed interface VehicleMessage {
    Vin vin();

    long receivedNanos();

    /** One or more telemetry samples, in the car's order. */
    record Telemetry(Vin vin, List<Sample> samples, long receivedNanos) implements VehicleMessage {
        public Telemetry {
            Objects.requireNonNull(vin, "vin");
            samples = List.copyOf(samples);
            if (samples.isEmpty()) {
                throw new IllegalArgumentException("a telemetry message has at least one sample");
            }
        }
    }

    /** A decoded fault-code report of one ECU. */
    record Dtcs(Vin vin, DtcReport report, long receivedNanos) implements VehicleMessage {
        public Dtcs {
            Objects.requireNonNull(vin, "vin");
            Objects.requireNonNull(report, "report");
        }
    }

    /** The owner app read a warning: {@code warningId} of case {@code caseNumber}. */
    record WarningAck(Vin vin, String warningId, String caseNumber, long receivedNanos) implements VehicleMessage {
        public WarningAck {
            Objects.requireNonNull(vin, "vin");
            Objects.requireNonNull(warningId, "warningId");
            Objects.requireNonNull(caseNumber, "caseNumber");
        }
    }

    /** The owner chose the language of the car's warnings. */
    record OwnerLanguage(Vin vin, String language, long receivedNanos) implements VehicleMessage {
        public OwnerLanguage {
            Objects.requireNonNull(vin, "vin");
            Objects.requireNonNull(language, "language");
        }
    }

    /** The owner granted ({@code true}) or withdrew remote-diagnostic access. */
    record OwnerConsent(Vin vin, boolean remoteDiagnostics, long receivedNanos) implements VehicleMessage {
        public OwnerConsent {
            Objects.requireNonNull(vin, "vin");
        }
    }
}

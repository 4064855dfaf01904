package dev.telematics.ingest;

import dev.telematics.dtc.DtcReport;
import dev.telematics.handoff.RejectReason;
import dev.telematics.handoff.VehicleMessage;
import dev.telematics.topic.MessageKind;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.Vin;
import java.util.List;

/**
 * Turns the payload of one uplink kind into a validated {@link VehicleMessage}, or a rejection with its reason.
 * A pure function of its inputs ({@code nowMillis} is the "now" of the timestamp checks), so that a processing
 * node decodes a logged message exactly as the edge that took it did (cluster mode).
 *
 * <p>Thread-safe.
 */
public final class MessageDecoding {
    private final TelemetryDecoder telemetry;
    private final DtcDecoder dtc;
    private final OwnerAppDecoder ownerApp;

    public MessageDecoding(TelemetryDecoder telemetry, DtcDecoder dtc, OwnerAppDecoder ownerApp) {
        this.telemetry = telemetry;
        this.dtc = dtc;
        this.ownerApp = ownerApp;
    }

    public Decoded<? extends VehicleMessage> decode(Vin vin, MessageKind kind, byte[] payload, long nowMillis,
                                                    long receivedNanos) {
        return switch (kind) {
            case TELEMETRY -> {
                Decoded<List<Sample>> d = telemetry.decode(payload, nowMillis);
                yield d.accepted() ? Decoded.ok(new VehicleMessage.Telemetry(vin, d.value(), receivedNanos))
                        : Decoded.reject(d.reason(), d.detail());
            }
            case DTC -> {
                Decoded<DtcReport> d = dtc.decode(payload, nowMillis);
                yield d.accepted() ? Decoded.ok(new VehicleMessage.Dtcs(vin, d.value(), receivedNanos))
                        : Decoded.reject(d.reason(), d.detail());
            }
            case WARNING_ACK -> {
                Decoded<OwnerAppDecoder.Ack> d = ownerApp.ack(payload);
                yield d.accepted() ? Decoded.ok(new VehicleMessage.WarningAck(vin, d.value().warningId(),
                        d.value().caseNumber(), receivedNanos)) : Decoded.reject(d.reason(), d.detail());
            }
            case OWNER_SETTINGS -> {
                Decoded<String> d = ownerApp.language(payload);
                yield d.accepted() ? Decoded.ok(new VehicleMessage.OwnerLanguage(vin, d.value(), receivedNanos))
                        : Decoded.reject(d.reason(), d.detail());
            }
            case OWNER_CONSENT -> {
                Decoded<Boolean> d = ownerApp.consent(payload);
                yield d.accepted() ? Decoded.ok(new VehicleMessage.OwnerConsent(vin, d.value(), receivedNanos))
                        : Decoded.reject(d.reason(), d.detail());
            }
            // the broker hands command answers (with their correlation data) to the pending command itself
            case COMMAND_RESPONSE -> Decoded.reject(RejectReason.INVALID_FIELD, "a command response arrived without "
                    + "its request");
        };
    }
}

package dev.telematics.consent;

import dev.telematics.vehicle.Vin;
import java.time.Instant;
import java.util.Objects;

/**
 * An owner's decision about remote-diagnostic access to their car: granted or withdrawn, when, and
 * through what (e.g. {@code owner app}).
 *
 * @param vin               the car
 * @param remoteDiagnostics true: technicians may pull live data and send diagnostic commands
 * @param changedAt         when the engine received the decision
 * @param source            where it came from
 */
public record Consent(String vin, boolean remoteDiagnostics, Instant changedAt, String source) {
    public Consent {
        Vin.of(vin);
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(source, "source");
        if (source.isBlank() || source.length() > 200) {
            throw new IllegalArgumentException("consent source must be 1-200 characters");
        }
    }
}

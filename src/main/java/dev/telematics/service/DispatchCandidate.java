package dev.telematics.service;

import java.time.Duration;
import java.util.Objects;

/** A unit that could go to the car: its great-circle distance from its last reported position and its ETA. */
public record DispatchCandidate(ServiceUnit unit, double distanceKm, Duration eta) {
    public DispatchCandidate {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(eta, "eta");
        if (distanceKm < 0 || eta.isNegative()) {
            throw new IllegalArgumentException("distance and ETA must not be negative");
        }
    }
}

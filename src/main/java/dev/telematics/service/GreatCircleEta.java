package dev.telematics.service;

import java.time.Duration;
import java.time.Instant;

/**
 * ETA without a road map: the great-circle distance times {@code roadFactor} (roads are longer than the
 * straight line; 1.3 is a common detour index) at {@code averageSpeedKmh}. Ignores the time of day.
 * Stateless, thread-safe.
 */
public record GreatCircleEta(double roadFactor, double averageSpeedKmh) implements EtaEstimator {
    public static final double DEFAULT_ROAD_FACTOR = 1.3;
    public static final double DEFAULT_SPEED_KMH = 50;

    public GreatCircleEta {
        if (!(roadFactor >= 1 && roadFactor <= 5)) {
            throw new IllegalArgumentException("road factor must be in [1, 5], not " + roadFactor);
        }
        if (!(averageSpeedKmh > 0 && averageSpeedKmh <= 300)) {
            throw new IllegalArgumentException("average speed must be in (0, 300] km/h, not " + averageSpeedKmh);
        }
    }

    public GreatCircleEta() {
        this(DEFAULT_ROAD_FACTOR, DEFAULT_SPEED_KMH);
    }

    @Override
    public Duration estimate(GeoPosition from, GeoPosition to, Instant departAt) {
        double hours = from.distanceKm(to) * roadFactor / averageSpeedKmh;
        return Duration.ofMillis(Math.round(hours * 3_600_000));
    }
}

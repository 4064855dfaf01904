package dev.telematics.vehicle;

import java.util.Map;
import java.util.Objects;

/**
 * One validated telemetry sample of one vehicle: the vehicle's timestamp, its message counter and the
 * usable signal values (scalars; booleans as 0/1) and array values (e.g. cell voltages).
 */
public record Sample(long timestampMillis, long sequence, Map<String, Double> scalars, Map<String, double[]> arrays) {
    public static final long NO_SEQUENCE = -1;

    public Sample {
        Objects.requireNonNull(scalars, "scalars");
        Objects.requireNonNull(arrays, "arrays");
        if (timestampMillis < 0) {
            throw new IllegalArgumentException("timestamp must be >= 0");
        }
        scalars = Map.copyOf(scalars);
        arrays = Map.copyOf(arrays);
    }

    public static Sample of(long ts, Map<String, Double> scalars) {
        return new Sample(ts, NO_SEQUENCE, scalars, Map.of());
    }

    public int signalCount() {
        return scalars.size() + arrays.size();
    }
}

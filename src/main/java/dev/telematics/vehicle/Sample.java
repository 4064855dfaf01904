package dev.telematics.vehicle;

import java.util.Map;
import java.util.Objects;

/**
 * One validated telemetry sample of one vehicle: the vehicle's timestamp, its message counter and the
 * usable signal values (scalars; booleans as 0/1) and array values (e.g. cell voltages). Immutable:
 * arrays are copied in and must not be changed by readers.
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
        Map<String, double[]> copy = new java.util.HashMap<>();
        arrays.forEach((k, v) -> copy.put(k, v.clone()));
        arrays = Map.copyOf(copy);
    }

    /** The same sample with another timestamp (used to take a slightly fast car clock as the engine's now). */
    public Sample withTimestamp(long ts) {
        return ts == timestampMillis ? this : new Sample(ts, sequence, scalars, arrays);
    }

    public static Sample of(long ts, Map<String, Double> scalars) {
        return new Sample(ts, NO_SEQUENCE, scalars, Map.of());
    }

    public int signalCount() {
        return scalars.size() + arrays.size();
    }
}

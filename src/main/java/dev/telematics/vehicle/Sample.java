package dev.telematics.vehicle;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One validated telemetry sample of one vehicle: the vehicle's timestamp, its message counter and the
 * usable signal values (scalars; booleans as 0/1) and array values (e.g. cell voltages).
 *
 * <p>Immutable. Scalars are held as parallel arrays of names and values (read them with
 * {@link #scalarCount()}, {@link #name(int)} and {@link #value(int)} on the hot path; {@link #scalars()}
 * builds a map). Arrays are copied in and must not be changed by readers.
 */
public final class Sample {
    public static final long NO_SEQUENCE = -1;
    private final long timestampMillis;
    private final long sequence;
    private final String[] names;
    private final double[] values;
    private final int size;
    private final Map<String, double[]> arrays;

    public Sample(long timestampMillis, long sequence, Map<String, Double> scalars, Map<String, double[]> arrays) {
        this(timestampMillis, sequence, names(scalars), values(scalars), scalars.size(), copy(arrays));
    }

    private Sample(long timestampMillis, long sequence, String[] names, double[] values, int size,
                   Map<String, double[]> arrays) {
        if (timestampMillis < 0) {
            throw new IllegalArgumentException("timestamp must be >= 0");
        }
        this.timestampMillis = timestampMillis;
        this.sequence = sequence;
        this.names = names;
        this.values = values;
        this.size = size;
        this.arrays = arrays;
    }

    /**
     * A sample from the decoder, which hands over its arrays: the first {@code size} names (distinct
     * signal paths) and values, and the array signals. The caller must not touch them afterwards.
     */
    public static Sample decoded(long timestampMillis, long sequence, String[] names, double[] values, int size,
                                 Map<String, double[]> arrays) {
        return new Sample(timestampMillis, sequence, names, values, size, Map.copyOf(arrays));
    }

    public static Sample of(long ts, Map<String, Double> scalars) {
        return new Sample(ts, NO_SEQUENCE, scalars, Map.of());
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    public long sequence() {
        return sequence;
    }

    /** Number of scalar signals. */
    public int scalarCount() {
        return size;
    }

    /** The VSS path of scalar {@code i} (0 <= i < scalarCount()). */
    public String name(int i) {
        Objects.checkIndex(i, size);
        return names[i];
    }

    /** The value of scalar {@code i}. */
    public double value(int i) {
        Objects.checkIndex(i, size);
        return values[i];
    }

    /** The scalar signals as a map in the order they came (a new unmodifiable map on every call). */
    public Map<String, Double> scalars() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            m.put(names[i], values[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The array signals (unmodifiable; do not change the arrays). */
    public Map<String, double[]> arrays() {
        return arrays;
    }

    /** The same sample with another timestamp (used to take a slightly fast car clock as the engine's now). */
    public Sample withTimestamp(long ts) {
        return ts == timestampMillis ? this : new Sample(ts, sequence, names, values, size, arrays);
    }

    public int signalCount() {
        return size + arrays.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && s.timestampMillis == timestampMillis && s.sequence == sequence
                && s.scalars().equals(scalars()) && arraysEqual(s.arrays, arrays);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestampMillis, sequence, scalars(), arrays.keySet());
    }

    @Override
    public String toString() {
        return "Sample[ts=" + timestampMillis + ", seq=" + sequence + ", scalars=" + scalars()
                + ", arrays=" + arrays.keySet() + "]";
    }

    private static boolean arraysEqual(Map<String, double[]> a, Map<String, double[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, double[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static String[] names(Map<String, Double> scalars) {
        Objects.requireNonNull(scalars, "scalars");
        return scalars.keySet().toArray(new String[0]);
    }

    private static double[] values(Map<String, Double> scalars) {
        double[] v = new double[scalars.size()];
        int i = 0;
        for (Double d : scalars.values()) {
            v[i++] = Objects.requireNonNull(d, "scalar value");
        }
        return v;
    }

    private static Map<String, double[]> copy(Map<String, double[]> arrays) {
        Objects.requireNonNull(arrays, "arrays");
        Map<String, double[]> copy = new HashMap<>();
        arrays.forEach((k, v) -> copy.put(k, v.clone()));
        return Map.copyOf(copy);
    }
}

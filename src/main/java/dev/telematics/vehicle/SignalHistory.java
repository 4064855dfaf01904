package dev.telematics.vehicle;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded ring of one signal's recent values, oldest first. Not thread-safe: owned by the vehicle's
 * processing thread (see {@link VehicleState}).
 */
final class SignalHistory {
    private final long[] ts;
    private final double[] values;
    private int start;
    private int size;

    SignalHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history capacity must be >= 1");
        }
        this.ts = new long[capacity];
        this.values = new double[capacity];
    }

    void add(long timestamp, double value) {
        int cap = ts.length;
        int idx = (start + size) % cap;
        ts[idx] = timestamp;
        values[idx] = value;
        if (size < cap) {
            size++;
        } else {
            start = (start + 1) % cap;
        }
    }

    /** Timestamps, oldest first (a copy). */
    long[] timestamps() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = ts[(start + i) % ts.length];
        }
        return out;
    }

    /** Values, oldest first (a copy). */
    double[] values() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = values[(start + i) % ts.length];
        }
        return out;
    }

    /** The newest value (the history is never empty once created: it is made for its first value). */
    TimedValue last() {
        int idx = (start + size - 1) % ts.length;
        return new TimedValue(ts[idx], values[idx]);
    }

    /** Values no older than {@code sinceTs}, oldest first. */
    List<TimedValue> since(long sinceTs) {
        List<TimedValue> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int idx = (start + i) % ts.length;
            if (ts[idx] >= sinceTs) {
                out.add(new TimedValue(ts[idx], values[idx]));
            }
        }
        return out;
    }
}

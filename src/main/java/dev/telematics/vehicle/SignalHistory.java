package dev.telematics.vehicle;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded ring of one signal's recent values, oldest first. Held compactly where that is exact (as
 * most of the time): timestamps as int offsets from a base (rebased when time runs past an int's
 * milliseconds, about 24 days), values as {@link IntDecimals int decimals}; a ring that spans more than
 * that, or a value that is no short decimal, turns that half into longs or doubles for good. Every
 * timestamp and value reads back bit for bit. Not thread-safe: owned by the vehicle's processing thread
 * (see {@link VehicleState}).
 */
final class SignalHistory {
    private final int capacity;
    private long base;
    private int[] offsets; // null once wide
    private long[] wideTs;
    private int scale = -1; // -1: no value yet
    private int[] mantissas; // null once wide
    private double[] wideValues;
    private int start;
    private int size;

    SignalHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history capacity must be >= 1");
        }
        this.capacity = capacity;
        this.offsets = new int[capacity];
        this.mantissas = new int[capacity];
    }

    void add(long timestamp, double value) {
        int idx = (start + size) % capacity;
        if (size == 0 && offsets != null) {
            base = timestamp;
        }
        putTimestamp(idx, timestamp);
        putValue(idx, value);
        if (size < capacity) {
            size++;
        } else {
            start = (start + 1) % capacity;
        }
    }

    /** Timestamps, oldest first (a copy). */
    long[] timestamps() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = ts((start + i) % capacity);
        }
        return out;
    }

    /** Values, oldest first (a copy). */
    double[] values() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = value((start + i) % capacity);
        }
        return out;
    }

    /** The newest value (the history is never empty once created: it is made for its first value). */
    TimedValue last() {
        int idx = (start + size - 1) % capacity;
        return new TimedValue(ts(idx), value(idx));
    }

    /** Values no older than {@code sinceTs}, oldest first. */
    List<TimedValue> since(long sinceTs) {
        List<TimedValue> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int idx = (start + i) % capacity;
            long t = ts(idx);
            if (t >= sinceTs) {
                out.add(new TimedValue(t, value(idx)));
            }
        }
        return out;
    }

    private long ts(int idx) {
        return offsets != null ? base + offsets[idx] : wideTs[idx];
    }

    private double value(int idx) {
        return mantissas != null ? IntDecimals.value(mantissas[idx], scale) : wideValues[idx];
    }

    private void putTimestamp(int idx, long t) {
        if (offsets != null) {
            long off = t - base;
            if (off != (int) off && !rebase(t, idx)) {
                widenTimestamps();
            } else {
                offsets[idx] = (int) (t - base);
                return;
            }
        }
        wideTs[idx] = t;
    }

    /**
     * Moves the base to t when every other entry is within an int of it (arithmetic modulo 2^64 reads
     * back exactly whatever the values).
     */
    private boolean rebase(long t, int skip) {
        for (int i = 0; i < size; i++) {
            int idx = (start + i) % capacity;
            long off = base + offsets[idx] - t;
            if (idx != skip && off != (int) off) {
                return false;
            }
        }
        for (int i = 0; i < size; i++) {
            int idx = (start + i) % capacity;
            if (idx != skip) {
                offsets[idx] = (int) (base + offsets[idx] - t);
            }
        }
        base = t;
        return true;
    }

    private void putValue(int idx, double v) {
        if (mantissas != null) {
            long m = scale < 0 ? IntDecimals.NONE : IntDecimals.mantissaOrNone(v, scale);
            if (m != IntDecimals.NONE) {
                mantissas[idx] = (int) m;
                return;
            }
            if (scale < 0) {
                scale = IntDecimals.minimalScale(v);
            }
            if (scale >= 0 && (IntDecimals.exactAt(v, scale) || rescale(IntDecimals.minimalScale(v), idx))) {
                mantissas[idx] = IntDecimals.mantissa(v, scale);
                return;
            }
            widenValues();
        }
        wideValues[idx] = v;
    }

    /** Moves the mantissas to a larger scale k, when there is one and they all fit an int there. */
    private boolean rescale(int k, int skip) {
        if (k <= scale) {
            return false;
        }
        long f = IntDecimals.factor(k - scale);
        for (int i = 0; i < size; i++) {
            int idx = (start + i) % capacity;
            if (idx != skip && mantissas[idx] * f != (int) (mantissas[idx] * f)) {
                return false;
            }
        }
        for (int i = 0; i < size; i++) {
            int idx = (start + i) % capacity;
            if (idx != skip) {
                mantissas[idx] = (int) (mantissas[idx] * f);
            }
        }
        scale = k;
        return true;
    }

    private void widenTimestamps() {
        long[] w = new long[capacity];
        for (int i = 0; i < size; i++) {
            int idx = (start + i) % capacity;
            w[idx] = base + offsets[idx];
        }
        wideTs = w;
        offsets = null;
    }

    private void widenValues() {
        double[] w = new double[capacity];
        for (int i = 0; i < size; i++) {
            int idx = (start + i) % capacity;
            w[idx] = value(idx);
        }
        wideValues = w;
        mantissas = null;
    }
}

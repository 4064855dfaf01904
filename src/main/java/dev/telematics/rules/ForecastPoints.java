package dev.telematics.rules;

import dev.telematics.vehicle.IntDecimals;
import java.util.Arrays;

/**
 * A forecast history's points, oldest first, held in half the memory of two arrays of doubles where that
 * is exact: each point's age as whole milliseconds since the history's origin (stored as the gap to the
 * point before, an int) and its value as an {@link IntDecimals int decimal}. A gap
 * that does not fit an int, or a value that is not such a decimal, turns that half into doubles for the
 * rest of the history. {@link #ages} and {@link #values} give exactly the doubles the forecast used to
 * keep: age = (double) offset / step. Mutable, owned by the vehicle's worker like all vehicle state.
 */
final class ForecastPoints {
    private final long step;
    private final int capacity;
    private int n;
    private long lastOffset;
    private long firstOffset;
    private int[] gaps; // gaps[i] = offset(i) - offset(i - 1) for i >= 1; null once the ages are doubles
    private double[] wideAges;
    private int scale = -1; // -1: no value yet
    private int[] mantissas; // null once the values are doubles
    private double[] wideValues;

    ForecastPoints(long step, int capacity, int initial) {
        this.step = step;
        this.capacity = capacity;
        int size = Math.min(capacity, Math.max(1, initial));
        gaps = new int[size];
        mantissas = new int[size];
    }

    int size() {
        return n;
    }

    int length() {
        return gaps != null ? gaps.length : wideAges.length;
    }

    /** Forgets every point (a new history); the next points are held compactly again. */
    void clear() {
        if (n == 0 && gaps != null && mantissas != null) {
            scale = -1;
            return;
        }
        int size = Math.min(length(), 32);
        n = 0;
        gaps = new int[size];
        wideAges = null;
        mantissas = new int[size];
        wideValues = null;
        scale = -1;
    }

    /** Appends a point {@code offset} ms after the origin; the caller keeps at most {@link #length()} points. */
    void add(long offset, double value) {
        if (n == length()) {
            grow(Math.min(capacity, Math.max(n + 1, n * 2)));
        }
        if (gaps != null) {
            long gap = offset - lastOffset;
            if (n == 0) {
                firstOffset = offset;
            } else if (gap != (int) gap) {
                widenAges();
            } else {
                gaps[n] = (int) gap;
            }
        }
        if (wideAges != null) {
            wideAges[n] = (double) offset / step;
        }
        putValue(value);
        lastOffset = offset;
        n++;
    }

    /** Appends a point by its age in steps, as a snapshot holds it. */
    void addAge(double age, double value) {
        double x = age * step;
        long offset = Math.round(x);
        if (gaps != null && !(Math.abs(x) < 0x1p53 && same((double) offset / step, age))) {
            widenAges();
        }
        if (gaps != null) {
            add(offset, value);
        } else {
            if (n == length()) {
                grow(Math.min(capacity, Math.max(n + 1, n * 2)));
            }
            wideAges[n] = age;
            putValue(value);
            n++;
        }
    }

    /** Keeps the newest {@code keep} points. */
    void keepNewest(int keep) {
        int from = n - keep;
        if (gaps != null) {
            long first = firstOffset;
            for (int i = 1; i <= from; i++) {
                first += gaps[i];
            }
            firstOffset = first;
            System.arraycopy(gaps, from + 1, gaps, 1, keep - 1);
        } else {
            System.arraycopy(wideAges, from, wideAges, 0, keep);
        }
        if (mantissas != null) {
            System.arraycopy(mantissas, from, mantissas, 0, keep);
        } else {
            System.arraycopy(wideValues, from, wideValues, 0, keep);
        }
        n = keep;
    }

    double lastValue() {
        return value(n - 1);
    }

    double lastAge() {
        return wideAges != null ? wideAges[n - 1] : (double) lastOffset / step;
    }

    /** The ages in steps, oldest first (a new array of {@link #size()}). */
    double[] ages() {
        double[] t = new double[n];
        if (wideAges != null) {
            System.arraycopy(wideAges, 0, t, 0, n);
            return t;
        }
        long offset = firstOffset;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                offset += gaps[i];
            }
            t[i] = (double) offset / step;
        }
        return t;
    }

    /** The values, oldest first (a new array of {@link #size()}). */
    double[] values() {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = value(i);
        }
        return y;
    }

    private double value(int i) {
        return mantissas != null ? IntDecimals.value(mantissas[i], scale) : wideValues[i];
    }

    private void putValue(double v) {
        if (mantissas != null) {
            if (scale < 0) {
                scale = IntDecimals.minimalScale(v);
            }
            if (scale >= 0 && (IntDecimals.exactAt(v, scale) || rescale(IntDecimals.minimalScale(v)))) {
                mantissas[n] = IntDecimals.mantissa(v, scale);
                return;
            }
            widenValues();
        }
        wideValues[n] = v;
    }

    /** Moves the mantissas to a larger scale k, when there is one and they all fit an int there. */
    private boolean rescale(int k) {
        if (k <= scale) {
            return false; // -1 (no decimal), or v overflows the current scale
        }
        long f = IntDecimals.factor(k - scale);
        for (int i = 0; i < n; i++) {
            if (mantissas[i] * f != (int) (mantissas[i] * f)) {
                return false;
            }
        }
        for (int i = 0; i < n; i++) {
            mantissas[i] = (int) (mantissas[i] * f);
        }
        scale = k;
        return true;
    }

    private static boolean same(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }

    private void widenAges() {
        double[] t = ages();
        wideAges = Arrays.copyOf(t, length());
        gaps = null;
    }

    private void widenValues() {
        double[] y = values();
        wideValues = Arrays.copyOf(y, length());
        mantissas = null;
    }

    private void grow(int size) {
        if (gaps != null) {
            gaps = Arrays.copyOf(gaps, size);
        } else {
            wideAges = Arrays.copyOf(wideAges, size);
        }
        if (mantissas != null) {
            mantissas = Arrays.copyOf(mantissas, size);
        } else {
            wideValues = Arrays.copyOf(wideValues, size);
        }
    }
}

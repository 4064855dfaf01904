package dev.telematics.vehicle;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The writing half of snapshot format 2 ({@link SnapshotFormat2}): a growing byte buffer with varints,
 * zigzag varints, strings through a table and series of doubles written as scaled decimal deltas where
 * that is exact. Not thread-safe: one per encode.
 */
final class SnapshotOutput {
    private final Map<String, Integer> table = new HashMap<>();
    private byte[] buf;
    private int size;
    private long[] mantissas = new long[64];
    private byte[] scales = new byte[64];

    SnapshotOutput(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void writeBytes(byte[] b) {
        writeCount(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    void writeRaw(byte[] b, int n) {
        ensure(n);
        System.arraycopy(b, 0, buf, size, n);
        size += n;
    }

    /** An unsigned varint (a count or length). */
    void writeCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative count " + n);
        }
        writeUnsigned(n);
    }

    /** Any long, zigzag-encoded (small magnitudes take few bytes whatever their sign). */
    void writeLong(long v) {
        writeUnsigned((v << 1) ^ (v >> 63));
    }

    void writeUnsigned(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    void writeRawDouble(double v) {
        ensure(8);
        long bits = Double.doubleToRawLongBits(v);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (bits >>> (8 * i));
        }
    }

    /**
     * A string: {@code 2i + 1} for entry i of the shared dictionary, {@code 2i + 2} for entry i of this
     * record's table, or {@code 0} and the text itself the first time it appears (then it joins the
     * table). Odd and even tags keep the two apart, so the dictionary can grow without moving the table.
     */
    void writeString(String s) {
        int known = SnapshotStrings.indexOf(s);
        if (known >= 0) {
            writeUnsigned(2L * known + 1);
            return;
        }
        Integer seen = table.get(s);
        if (seen != null) {
            writeUnsigned(2L * seen + 2);
            return;
        }
        table.put(s, table.size());
        writeUnsigned(0);
        writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Timestamps: the first, then each difference to the one before as its change from the difference
     * before it (a steady 1 Hz series takes a byte a timestamp). Wraps for extreme values; reading adds
     * back with the same wrap.
     */
    void writeTimestamps(long[] ts) {
        long prev = 0;
        long step = 0;
        for (long t : ts) {
            long d = t - prev;
            writeLong(d - step);
            step = d;
            prev = t;
        }
    }

    /**
     * Doubles (no count): a scale byte, then each value either as the difference of its decimal mantissa
     * (value * 10^scale, exact) to the one before, or escaped and raw. The scale is the one that writes
     * fewest bytes; {@link SnapshotFormat2#RAW} writes every value raw.
     */
    void writeDoubles(double[] v) {
        int n = v.length;
        if (mantissas.length < n) {
            mantissas = new long[Math.max(n, mantissas.length * 2)];
            scales = new byte[mantissas.length];
        }
        int candidates = 0; // bit k set: some value needs scale k
        for (int i = 0; i < n; i++) {
            int k = minimalScale(v[i]);
            scales[i] = (byte) k;
            if (k >= 0) {
                mantissas[i] = Math.round(v[i] * SnapshotFormat2.POW10[k]);
                candidates |= 1 << k;
            }
        }
        int best = SnapshotFormat2.RAW;
        long bestCost = 8L * n;
        for (int k = 0; k <= SnapshotFormat2.MAX_SCALE; k++) {
            if ((candidates & (1 << k)) != 0) {
                long cost = cost(n, k);
                if (cost < bestCost) {
                    bestCost = cost;
                    best = k;
                }
            }
        }
        writeByte(best);
        if (best == SnapshotFormat2.RAW) {
            for (double d : v) {
                writeRawDouble(d);
            }
            return;
        }
        long prev = 0;
        for (int i = 0; i < n; i++) {
            long m = scaled(i, best);
            if (m == Long.MIN_VALUE) {
                writeUnsigned(0);
                writeRawDouble(v[i]);
            } else {
                long d = m - prev;
                writeUnsigned(((d << 1) ^ (d >> 63)) + 1);
                prev = m;
            }
        }
    }

    private long cost(int n, int k) {
        long cost = 1;
        long prev = 0;
        for (int i = 0; i < n; i++) {
            long m = scaled(i, k);
            if (m == Long.MIN_VALUE) {
                cost += 9;
            } else {
                long d = m - prev;
                cost += unsignedSize(((d << 1) ^ (d >> 63)) + 1);
                prev = m;
            }
        }
        return cost;
    }

    /** Value i's mantissa at scale k, or Long.MIN_VALUE when it is not exact there. */
    private long scaled(int i, int k) {
        int own = scales[i];
        if (own < 0 || own > k) {
            return Long.MIN_VALUE;
        }
        long f = (long) SnapshotFormat2.POW10[k - own];
        return Math.abs(mantissas[i]) > SnapshotFormat2.MAX_MANTISSA / f ? Long.MIN_VALUE : mantissas[i] * f;
    }

    /** The smallest k (0-MAX_SCALE) for which v is exactly round(v * 10^k) / 10^k, or -1. */
    static int minimalScale(double v) {
        if (!Double.isFinite(v)) {
            return -1;
        }
        long bits = Double.doubleToRawLongBits(v);
        for (int k = 0; k <= SnapshotFormat2.MAX_SCALE; k++) {
            double p = SnapshotFormat2.POW10[k];
            double x = v * p;
            if (Math.abs(x) > SnapshotFormat2.MAX_MANTISSA) {
                return -1;
            }
            if (Double.doubleToRawLongBits(Math.round(x) / p) == bits) {
                return k;
            }
        }
        return -1;
    }

    private static int unsignedSize(long v) {
        return v == 0 ? 1 : (64 - Long.numberOfLeadingZeros(v) + 6) / 7;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + more, buf.length * 2));
        }
    }
}

package dev.telematics.vehicle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The reading half of snapshot format 2 ({@link SnapshotFormat2}): every read is bounded by the bytes
 * left, so a truncated, corrupt or hostile record fails with an {@link IllegalArgumentException} saying
 * where, and no count can make it allocate more than a few times its own size. Not thread-safe: one per
 * decode.
 */
final class SnapshotInput {
    /** The longest string (a name, a rule id, a DTC) a snapshot may hold, in bytes. */
    static final int MAX_STRING_BYTES = 64 * 1024;
    private final byte[] buf;
    private final List<String> table = new ArrayList<>();
    private int pos;

    SnapshotInput(byte[] buf, int pos) {
        this.buf = buf;
        this.pos = pos;
    }

    int position() {
        return pos;
    }

    boolean atEnd() {
        return pos == buf.length;
    }

    int readByte() {
        if (pos >= buf.length) {
            throw fail("truncated");
        }
        return buf[pos++] & 0xFF;
    }

    /**
     * A count of items that take at least {@code minBytesEach} bytes each: refused when the bytes left
     * cannot hold that many, or when it exceeds {@code max}.
     */
    int readCount(String what, int max, int minBytesEach) {
        long n = readUnsigned();
        if (n < 0 || n > max) {
            throw fail(what + " count " + Long.toUnsignedString(n) + " above " + max);
        }
        if (n * minBytesEach > buf.length - pos) {
            throw fail(what + " count " + n + " larger than the bytes left (" + (buf.length - pos) + ")");
        }
        return (int) n;
    }

    /** A count given elsewhere (e.g. in a rule state's whole numbers), checked like {@link #readCount}. */
    int checkCount(String what, long n, int minBytesEach) {
        if (n < 0 || n > SnapshotFormat2.MAX_ITEMS || n * minBytesEach > buf.length - pos) {
            throw fail(what + " count " + n + " larger than the bytes left (" + (buf.length - pos) + ")");
        }
        return (int) n;
    }

    long readLong() {
        long u = readUnsigned();
        return (u >>> 1) ^ -(u & 1);
    }

    long readUnsigned() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (shift == 63 && b > 1) {
                    break;
                }
                return v;
            }
        }
        throw fail("malformed varint");
    }

    double readRawDouble() {
        if (buf.length - pos < 8) {
            throw fail("truncated");
        }
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits |= (long) (buf[pos++] & 0xFF) << (8 * i);
        }
        return Double.longBitsToDouble(bits);
    }

    byte[] readBytes(String what) {
        int n = readCount(what + " length", MAX_STRING_BYTES, 1);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    String readString(String what) {
        long tag = readUnsigned();
        if (tag == 0) {
            String s = new String(readBytes(what), StandardCharsets.UTF_8);
            table.add(s);
            return s;
        }
        long i = (tag - 1) >>> 1;
        if ((tag & 1) == 1 && i < SnapshotStrings.size()) {
            return SnapshotStrings.get((int) i);
        }
        if ((tag & 1) == 0 && i < table.size()) {
            return table.get((int) i);
        }
        throw fail(what + ": unknown string reference " + Long.toUnsignedString(tag));
    }

    long[] readTimestamps(int n) {
        long[] ts = new long[n];
        long prev = 0;
        long step = 0;
        for (int i = 0; i < n; i++) {
            step += readLong();
            prev += step;
            ts[i] = prev;
        }
        return ts;
    }

    /** {@code n} doubles as {@link SnapshotOutput#writeDoubles} wrote them (n already checked against the bytes left). */
    double[] readDoubles(String what, int n) {
        int scale = readByte();
        double[] out = new double[n];
        if (scale == SnapshotFormat2.RAW) {
            for (int i = 0; i < n; i++) {
                out[i] = readRawDouble();
            }
            return out;
        }
        if (scale > SnapshotFormat2.MAX_SCALE) {
            throw fail(what + ": unknown number scale " + scale);
        }
        double p = SnapshotFormat2.POW10[scale];
        long prev = 0;
        for (int i = 0; i < n; i++) {
            long u = readUnsigned();
            if (u == 0) {
                out[i] = readRawDouble();
            } else {
                u--;
                prev += (u >>> 1) ^ -(u & 1);
                if (Math.abs(prev) > SnapshotFormat2.MAX_MANTISSA) {
                    throw fail(what + ": number out of range");
                }
                out[i] = prev / p;
            }
        }
        return out;
    }

    IllegalArgumentException fail(String why) {
        return new IllegalArgumentException("unreadable vehicle snapshot: " + why + " (at byte " + pos + " of "
                + buf.length + ")");
    }
}

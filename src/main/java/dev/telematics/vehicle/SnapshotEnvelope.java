package dev.telematics.vehicle;

import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The outside of a format 2 record: {@code 'V' 'S'}, the format (a varint), a flags byte, then the body
 * ({@link SnapshotFormat2}) as it is (flags 0) or its length (a varint) and the body raw-deflated (flags
 * 1). Deflate halves a car's body: its varints repeat (a parked car, a steady clock). Reading inflates at
 * most the length given, itself at most {@link #MAX_BODY_BYTES}. Stateless and thread-safe.
 */
final class SnapshotEnvelope {
    static final byte MAGIC_0 = 'V';
    static final byte MAGIC_1 = 'S';
    static final int PLAIN = 0;
    static final int DEFLATED = 1;
    /** A body larger than this is refused when read: no car's state is that large. */
    static final int MAX_BODY_BYTES = 32 << 20;
    /** Deflate cannot expand a byte into more than about 1032 (a run of one byte value). */
    private static final int MAX_DEFLATE_RATIO = 1032;
    /** Bodies shorter than this are not worth deflating. */
    private static final int DEFLATE_FROM = 256;

    private SnapshotEnvelope() {
    }

    static byte[] wrap(byte[] body, int format) {
        return body.length < DEFLATE_FROM ? plain(body, format) : deflated(body, format);
    }

    static byte[] plain(byte[] body, int format) {
        byte[] out = new byte[4 + body.length];
        header(out, format, PLAIN);
        System.arraycopy(body, 0, out, 4, body.length);
        return out;
    }

    static byte[] deflated(byte[] body, int format) {
        SnapshotOutput out = new SnapshotOutput(body.length / 2 + 64);
        out.writeByte(MAGIC_0);
        out.writeByte(MAGIC_1);
        out.writeCount(format);
        out.writeByte(DEFLATED);
        out.writeCount(body.length);
        Deflater d = new Deflater(Deflater.BEST_SPEED, true);
        try {
            d.setInput(body);
            d.finish();
            byte[] chunk = new byte[Math.max(1024, body.length / 2)];
            while (!d.finished()) {
                int n = d.deflate(chunk);
                out.writeRaw(chunk, n);
            }
        } finally {
            d.end();
        }
        return out.toByteArray();
    }

    private static void header(byte[] out, int format, int flags) {
        out[0] = MAGIC_0;
        out[1] = MAGIC_1;
        out[2] = (byte) format; // formats below 128 take one byte as a varint
        out[3] = (byte) flags;
    }

    /** Whether the bytes start as a format 2 (or later) record. */
    static boolean looksLikeOurs(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] == MAGIC_0 && bytes[1] == MAGIC_1;
    }

    /** The body of a record of {@code format}; anything else is refused. */
    static SnapshotInput open(byte[] bytes, int format) {
        SnapshotInput head = new SnapshotInput(bytes, 2);
        long version = head.readUnsigned();
        if (version != format) {
            throw new IllegalArgumentException("vehicle snapshot format " + Long.toUnsignedString(version)
                    + " (this engine reads 1 and " + format + ")");
        }
        int flags = head.readByte();
        if (flags == PLAIN) {
            return new SnapshotInput(bytes, head.position());
        }
        if (flags != DEFLATED) {
            throw head.fail("unknown flags " + flags);
        }
        int length = head.readCount("body length", MAX_BODY_BYTES, 0);
        long deflatedBytes = bytes.length - head.position();
        if (length > deflatedBytes * MAX_DEFLATE_RATIO + 64) {
            throw head.fail("body length " + length + " more than " + deflatedBytes + " deflated bytes can hold");
        }
        byte[] body = new byte[length];
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(bytes, head.position(), bytes.length - head.position());
            int got = 0;
            while (got < length) {
                int n = inflater.inflate(body, got, length - got);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary() || inflater.finished())) {
                    throw head.fail("deflated body shorter than its length " + length + " (" + got + ")");
                }
                got += n;
            }
            if (!inflater.finished()) {
                if (inflater.inflate(new byte[1]) > 0) {
                    throw head.fail("deflated body longer than its length " + length);
                }
                if (!inflater.finished()) {
                    throw head.fail("deflated body truncated");
                }
            }
            if (inflater.getRemaining() > 0) {
                throw head.fail("bytes after the end");
            }
        } catch (DataFormatException e) {
            throw head.fail("corrupt deflated body: " + e.getMessage());
        } finally {
            inflater.end();
        }
        return new SnapshotInput(body, 0);
    }
}

package dev.telematics.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * One message on a node's downlink topic, version 1: an owner warning ({@code WARNING}: the outbox id, the
 * MQTT topic and payload) or a remote command ({@code COMMAND}: the command id, the VIN as topic, the expiry).
 */
record Downlink(Kind kind, String id, String topic, long expirySeconds, byte[] payload) {
    private static final byte VERSION = 1;
    private static final int MAX_PAYLOAD = 1 << 20;

    enum Kind { WARNING, COMMAND }

    Downlink {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(kind.ordinal());
            out.writeUTF(id);
            out.writeUTF(topic);
            out.writeLong(expirySeconds);
            out.writeInt(payload.length);
            out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Downlink decode(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            if (in.readByte() != VERSION) {
                throw new IllegalArgumentException("not a version " + VERSION + " downlink record");
            }
            int k = in.readByte();
            if (k < 0 || k >= Kind.values().length) {
                throw new IllegalArgumentException("unknown downlink kind " + k);
            }
            String id = in.readUTF();
            String topic = in.readUTF();
            long expiry = in.readLong();
            int n = in.readInt();
            if (n < 0 || n > MAX_PAYLOAD) {
                throw new IllegalArgumentException("downlink payload of " + n + " bytes");
            }
            byte[] payload = in.readNBytes(n);
            if (payload.length != n) {
                throw new IllegalArgumentException("downlink record cut short");
            }
            return new Downlink(Kind.values()[k], id, topic, expiry, payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable downlink record: " + e.getMessage(), e);
        }
    }
}

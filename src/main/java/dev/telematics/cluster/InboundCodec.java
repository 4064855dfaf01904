package dev.telematics.cluster;

import dev.telematics.handoff.InboundRecord;
import dev.telematics.topic.MessageKind;
import dev.telematics.vehicle.Vin;
import java.nio.ByteBuffer;

/**
 * The inbound topic's record value, version 1: {@code [1][kind][received at, 8 bytes][payload]}; the key is
 * the VIN. The payload is the car's own bytes; the processing node decodes them as the edge did.
 */
final class InboundCodec {
    static final byte VERSION = 1;
    private static final int HEADER = 1 + 1 + 8;

    private InboundCodec() {
    }

    static byte[] encode(InboundRecord r) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + r.payload().length);
        b.put(VERSION).put(code(r.kind())).putLong(r.receivedAtMillis()).put(r.payload());
        return b.array();
    }

    /** @throws IllegalArgumentException for a record this version cannot read (counted and skipped by the caller) */
    static InboundRecord decode(String key, byte[] value) {
        if (key == null || !Vin.isValid(key)) {
            throw new IllegalArgumentException("inbound record without a valid VIN key");
        }
        if (value == null || value.length < HEADER || value[0] != VERSION) {
            throw new IllegalArgumentException("inbound record of " + key + " is not version " + VERSION);
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        b.get();
        MessageKind kind = kind(b.get());
        long at = b.getLong();
        byte[] payload = new byte[b.remaining()];
        b.get(payload);
        return new InboundRecord(new Vin(key), kind, at, payload);
    }

    private static byte code(MessageKind k) {
        return switch (k) {
            case TELEMETRY -> 1;
            case DTC -> 2;
            case WARNING_ACK -> 3;
            case OWNER_SETTINGS -> 4;
            case OWNER_CONSENT -> 5;
            case COMMAND_RESPONSE -> throw new IllegalArgumentException("command responses are not logged");
        };
    }

    private static MessageKind kind(byte code) {
        return switch (code) {
            case 1 -> MessageKind.TELEMETRY;
            case 2 -> MessageKind.DTC;
            case 3 -> MessageKind.WARNING_ACK;
            case 4 -> MessageKind.OWNER_SETTINGS;
            case 5 -> MessageKind.OWNER_CONSENT;
            default -> throw new IllegalArgumentException("unknown message kind " + code);
        };
    }
}

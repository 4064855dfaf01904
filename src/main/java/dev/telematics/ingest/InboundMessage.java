package dev.telematics.ingest;

import dev.telematics.vehicle.Vin;

/** A vehicle message as taken from the broker: its VIN and kind (from the topic), payload and arrival time. */
public record InboundMessage(Vin vin, MessageKind kind, byte[] payload, long receivedAtMillis, long receivedNanos) {
    public InboundMessage {
        java.util.Objects.requireNonNull(payload, "payload");
    }
}

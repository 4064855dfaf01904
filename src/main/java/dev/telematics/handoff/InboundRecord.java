package dev.telematics.handoff;

import dev.telematics.topic.MessageKind;
import dev.telematics.vehicle.Vin;
import java.util.Objects;

/**
 * A message the edge checked and decoded, as it goes into the inbound log in cluster mode: the car's own
 * bytes with what is needed to decode them again the same way on the processing node ({@code receivedAtMillis}:
 * the edge's clock when it took the message, the "now" of the timestamp checks).
 */
public record InboundRecord(Vin vin, MessageKind kind, long receivedAtMillis, byte[] payload) {
    public InboundRecord {
        Objects.requireNonNull(vin, "vin");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
        if (kind == MessageKind.COMMAND_RESPONSE) {
            throw new IllegalArgumentException("command responses go to their command, not to the inbound log");
        }
    }
}

package dev.telematics.handoff;

import java.util.concurrent.CompletableFuture;

/**
 * The hand-off from the edge to processing in cluster mode: a durable, partitioned log keyed by VIN. The
 * future completes {@link Outcome#PROCESSED} once the log has the record (replicated as configured): from then
 * on processing is responsible for it, and the edge may acknowledge it to the car. When the log cannot take it
 * the outcome is {@link RejectReason#OVERLOADED} (the car keeps the message and sends it again).
 *
 * <p>Threading: called on the broker's threads; never blocks and never completes exceptionally. Records of one
 * VIN appended in order are kept in that order.
 */
@FunctionalInterface
public interface InboundLog {
    CompletableFuture<Outcome> append(InboundRecord record);
}

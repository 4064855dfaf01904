package dev.telematics.handoff;

import java.util.concurrent.CompletableFuture;

/**
 * The hand-off from the edge to processing. The edge calls {@link #submit} for each validated message;
 * the returned future completes when processing has taken responsibility for the message, and only then
 * may the edge acknowledge it to the car. On the single node that is when the message is processed: its
 * vehicle state updated, its case write (if any) committed, its owner warning handed to delivery.
 *
 * <p>Threading: {@code submit} is called on the broker's threads and never blocks: a tier that cannot
 * take a message completes the future at once with {@link RejectReason#OVERLOADED}. Messages of one VIN
 * submitted in order are processed in that order. The future never completes exceptionally: a failure
 * is an {@link Outcome} with {@link RejectReason#PROCESSING_ERROR}. It may complete on any thread;
 * callers must not block in its callbacks.
 */
public interface ProcessingTier {
    CompletableFuture<Outcome> submit(VehicleMessage message);
}

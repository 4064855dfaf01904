package dev.telematics.handoff;

import java.util.concurrent.CompletableFuture;

/**
 * How delivery reaches cars and owner apps: publishes on a downlink topic with QoS 1. Implemented by the
 * edge's broker. The future completes when the broker has taken the message, and fails when it did not.
 *
 * <p>Threading: thread-safe; never blocks the caller. Futures complete on the broker's threads: callers
 * must not block in their callbacks.
 */
@FunctionalInterface
public interface DownlinkChannel {
    CompletableFuture<Void> publish(String topic, byte[] payload);
}

package dev.telematics.notify;

import java.util.concurrent.CompletableFuture;

/**
 * Sends a payload to a topic with QoS 1. The future completes when the broker has taken the message.
 * Implementations must be thread-safe and must not block the caller.
 */
@FunctionalInterface
public interface WarningPublisher {
    CompletableFuture<Void> publish(String topic, byte[] payload);
}

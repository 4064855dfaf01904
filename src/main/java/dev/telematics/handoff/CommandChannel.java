package dev.telematics.handoff;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a command request to a car with the MQTT 5 request/response pattern: the request goes to
 * {@code vehicles/{VIN}/commands} with response topic {@code vehicles/{VIN}/commands/response},
 * correlation data = the command id (UTF-8) and a message expiry, so that a car that comes online
 * after the command has expired never receives it. Implemented by the edge's broker; thread-safe, never blocks the caller.
 */
@FunctionalInterface
public interface CommandChannel {
    CompletableFuture<Void> send(String vin, String commandId, byte[] payload, Duration expiry);
}

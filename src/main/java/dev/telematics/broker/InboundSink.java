package dev.telematics.broker;

import dev.telematics.handoff.Outcome;
import java.util.concurrent.CompletableFuture;

/**
 * The edge's entry: receives each publish on a vehicle uplink topic and answers, through the future, what
 * became of it. The broker acknowledges the publish to the client only when the future completes: with
 * success when the message was processed, with a failure reason code otherwise (see
 * {@link AckReasons}).
 *
 * <p>Threading: called on HiveMQ's extension threads, in order for each client; must return at once
 * (never block) and never throw. The future may complete on any thread and must never complete
 * exceptionally.
 */
@FunctionalInterface
public interface InboundSink {
    CompletableFuture<Outcome> accept(String topic, byte[] payload);
}

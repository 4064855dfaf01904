package dev.telematics.broker;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import com.hivemq.extension.sdk.api.services.subscription.SubscriptionStore;
import dev.telematics.handoff.CommandChannel;
import dev.telematics.handoff.DownlinkChannel;
import dev.telematics.topic.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The edge's side of delivery: publishes from inside the broker (HiveMQ's publish service), QoS 1. Usable
 * as soon as it exists; publishes fail until the {@link EmbeddedBroker} it is given to has started.
 * Thread-safe; futures complete on HiveMQ's threads.
 */
public final class BrokerPublisher implements DownlinkChannel, CommandChannel {
    private volatile PublishService service;
    private volatile SubscriptionStore subscriptions;

    void attach(PublishService s, SubscriptionStore subs) {
        this.service = s;
        this.subscriptions = subs;
    }

    /**
     * Whether a client of this broker has a subscription that matches {@code topic} (so that a publish now
     * reaches it). Completes on HiveMQ's threads; false when the broker is not running.
     */
    public CompletableFuture<Boolean> hasSubscriber(String topic) {
        SubscriptionStore store = subscriptions;
        if (store == null) {
            return CompletableFuture.completedFuture(false);
        }
        AtomicBoolean found = new AtomicBoolean();
        return store.iterateAllSubscribersForTopic(topic, (ctx, r) -> {
            found.set(true);
            ctx.abortIteration();
        }).thenApply(v -> found.get());
    }

    boolean attached() {
        return service != null;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload) {
        PublishService svc = service;
        if (svc == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker not running"));
        }
        return svc.publish(Builders.publish().topic(topic).qos(Qos.AT_LEAST_ONCE)
                .payload(ByteBuffer.wrap(payload)).build());
    }

    /** A command request with response topic, correlation data and message expiry (MQTT 5 request/response). */
    @Override
    public CompletableFuture<Void> send(String vin, String commandId, byte[] payload, Duration expiry) {
        PublishService svc = service;
        if (svc == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker not running"));
        }
        return svc.publish(Builders.publish().topic(Topics.commands(vin))
                .qos(Qos.AT_LEAST_ONCE).payload(ByteBuffer.wrap(payload))
                .responseTopic(Topics.commandResponses(vin))
                .correlationData(ByteBuffer.wrap(commandId.getBytes(StandardCharsets.UTF_8)))
                .contentType("application/json")
                .messageExpiryInterval(Math.max(1, expiry.toSeconds())).build());
    }
}

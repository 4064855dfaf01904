package dev.telematics.broker;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import dev.telematics.handoff.CommandChannel;
import dev.telematics.handoff.DownlinkChannel;
import dev.telematics.topic.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The edge's side of delivery: publishes from inside the broker (HiveMQ's publish service), QoS 1. Usable
 * as soon as it exists; publishes fail until the {@link EmbeddedBroker} it is given to has started.
 * Thread-safe; futures complete on HiveMQ's threads.
 */
public final class BrokerPublisher implements DownlinkChannel, CommandChannel {
    private volatile PublishService service;

    void attach(PublishService s) {
        this.service = s;
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

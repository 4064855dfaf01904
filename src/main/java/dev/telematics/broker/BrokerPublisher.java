package dev.telematics.broker;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import dev.telematics.notify.WarningPublisher;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes from inside the broker (HiveMQ's publish service), QoS 1. Usable as soon as it exists;
 * publishes fail until the {@link EmbeddedBroker} it is given to has started. Thread-safe.
 */
public final class BrokerPublisher implements WarningPublisher, dev.telematics.remote.CommandChannel {
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
    public CompletableFuture<Void> send(String vin, String commandId, byte[] payload, java.time.Duration expiry) {
        PublishService svc = service;
        if (svc == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker not running"));
        }
        return svc.publish(Builders.publish().topic(dev.telematics.ingest.VehicleTopics.commands(vin))
                .qos(Qos.AT_LEAST_ONCE).payload(ByteBuffer.wrap(payload))
                .responseTopic(dev.telematics.ingest.VehicleTopics.commandResponses(vin))
                .correlationData(ByteBuffer.wrap(commandId.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .contentType("application/json")
                .messageExpiryInterval(Math.max(1, expiry.toSeconds())).build());
    }
}

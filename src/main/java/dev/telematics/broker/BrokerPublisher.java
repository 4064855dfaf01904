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
public final class BrokerPublisher implements WarningPublisher {
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
}

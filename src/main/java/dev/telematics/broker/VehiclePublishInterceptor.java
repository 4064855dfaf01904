package dev.telematics.broker;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import dev.telematics.ingest.VehicleTopics;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes vehicle publishes inside the broker (no MQTT subscriber in the engine's JVM) and hands a copy
 * of topic and payload to the engine. Publishes still reach any other subscriber unchanged.
 *
 * <p>Threading: HiveMQ calls this on its extension executor, in order for each client.
 */
final class VehiclePublishInterceptor implements PublishInboundInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(VehiclePublishInterceptor.class);
    private final InboundSink sink;

    VehiclePublishInterceptor(InboundSink sink) {
        this.sink = sink;
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        String topic = input.getPublishPacket().getTopic();
        if (!VehicleTopics.isUplinkCandidate(topic)) {
            return;
        }
        ByteBuffer buf = input.getPublishPacket().getPayload().orElse(null);
        byte[] bytes;
        if (buf == null) {
            bytes = new byte[0];
        } else {
            ByteBuffer b = buf.asReadOnlyBuffer();
            bytes = new byte[b.remaining()];
            b.get(bytes);
        }
        try {
            sink.accept(topic, bytes);
        } catch (RuntimeException e) {
            LOG.error("engine failed to take a publish on {}", topic, e);
        }
    }
}

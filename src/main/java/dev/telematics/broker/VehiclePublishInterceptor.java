package dev.telematics.broker;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import dev.telematics.ingest.VehicleTopics;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes vehicle publishes inside the broker (no MQTT subscriber in the engine's JVM) and hands a copy
 * of topic and payload to the engine. Publishes still reach any other subscriber unchanged. Clients may
 * not publish owner warnings: only the engine does, from inside the broker.
 *
 * <p>Threading: HiveMQ calls this on its extension executor, in order for each client.
 */
final class VehiclePublishInterceptor implements PublishInboundInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(VehiclePublishInterceptor.class);
    private final InboundSink sink;
    private final BrokerStats stats;
    private final dev.telematics.security.MqttSecurity security;
    private final PublishRateLimiter limiter;
    private final CommandResponseSink responses;

    /** With {@code security} null every client may publish on every vehicle topic. */
    VehiclePublishInterceptor(InboundSink sink, BrokerStats stats, dev.telematics.security.MqttSecurity security,
                              PublishRateLimiter limiter, CommandResponseSink responses) {
        this.sink = sink;
        this.responses = responses;
        this.stats = stats;
        this.security = security;
        this.limiter = limiter;
    }

    private static final String COMMAND_RESPONSE = "/" + dev.telematics.ingest.MessageKind.COMMAND_RESPONSE.suffix();

    private static byte[] bytes(ByteBuffer buf) {
        if (buf == null) {
            return new byte[0];
        }
        ByteBuffer b = buf.asReadOnlyBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        String topic = input.getPublishPacket().getTopic();
        if (!topic.startsWith(VehicleTopics.ROOT)) {
            return;
        }
        // HiveMQ runs inbound interceptors before the authorizer has the last word: check here too, so a
        // publish the client may not make never reaches the engine; the authorizer then refuses it and
        // HiveMQ disconnects the client (also for
        // a spoofed warning or command: with security on, it is a publish outside the client's own topics)
        if (security != null && !security.mayPublish(input.getConnectionInformation().getConnectionAttributeStore(),
                input.getClientInformation().getClientId(), topic)) {
            return;
        }
        if (VehicleTopics.isDownlink(topic)) { // without security: still only the engine publishes these
            stats.spoofedWarning();
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "only the engine publishes warnings and commands");
            return;
        }
        if (!limiter.allow(input.getClientInformation().getClientId())) {
            stats.rateLimited();
            output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, "more than the allowed messages per second");
            return;
        }
        byte[] bytes = bytes(input.getPublishPacket().getPayload().orElse(null));
        if (topic.endsWith(COMMAND_RESPONSE)) { // with its correlation data, straight to the pending command
            String vin = VehicleTopics.vinSegment(topic);
            if (vin != null && VehicleTopics.kindOf(topic) != null) {
                responses.onResponse(vin, bytes(input.getPublishPacket().getCorrelationData().orElse(null)), bytes);
                return;
            }
        }
        try {
            if (!sink.accept(topic, bytes)) {
                stats.refusedOverloaded();
                output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, "engine overloaded, send again later");
            }
        } catch (RuntimeException e) {
            LOG.error("engine failed to take a publish on {}", topic, e);
        }
    }
}

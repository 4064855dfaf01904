package dev.telematics.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import dev.telematics.handoff.Outcome;
import dev.telematics.handoff.RejectReason;
import dev.telematics.security.MqttSecurity;
import dev.telematics.topic.MessageKind;
import dev.telematics.topic.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes vehicle publishes inside the broker (no MQTT subscriber in the engine's JVM), hands a copy of topic
 * and payload to the engine's {@link InboundSink}, and acknowledges the publish only when the engine has
 * answered: the acknowledgement contract. A message the engine processed gets a success PUBACK (and still
 * reaches any other subscriber unchanged); one it rejected gets a failure reason code ({@link AckReasons});
 * one it has not taken within the acknowledgement timeout gets 0x97 QUOTA_EXCEEDED, so the car keeps it and
 * sends it again. Clients may not publish owner warnings or commands: only the engine does, from inside
 * the broker.
 *
 * <p>Threading: HiveMQ calls this on its extension executor, in order for each client. It never blocks:
 * while the engine works on a message the output is asynchronous ({@link PublishInboundOutput#async}),
 * which also holds back the client's next publish, so each client's messages reach the engine in order.
 * The engine's answer resumes the output on whatever thread completes the future.
 */
final class VehiclePublishInterceptor implements PublishInboundInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(VehiclePublishInterceptor.class);
    private static final String COMMAND_RESPONSE = "/" + MessageKind.COMMAND_RESPONSE.suffix();
    private final InboundSink sink;
    private final BrokerStats stats;
    private final MqttSecurity security;
    private final PublishRateLimiter limiter;
    private final CommandResponseSink responses;
    private final Duration ackTimeout;

    /** With {@code security} null every client may publish on every vehicle topic. */
    VehiclePublishInterceptor(InboundSink sink, BrokerStats stats, MqttSecurity security, PublishRateLimiter limiter,
                              CommandResponseSink responses, Duration ackTimeout) {
        this.sink = sink;
        this.responses = responses;
        this.stats = stats;
        this.security = security;
        this.limiter = limiter;
        this.ackTimeout = ackTimeout;
    }

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
        if (!Topics.isVehicleTopic(topic)) {
            return;
        }
        // HiveMQ runs inbound interceptors before the authorizer has the last word: check here too, so a
        // publish the client may not make never reaches the engine; the authorizer then refuses it and
        // HiveMQ disconnects the client (also for a spoofed warning or command: with security on, it is a
        // publish outside the client's own topics)
        if (security != null && !security.mayPublish(input.getConnectionInformation().getConnectionAttributeStore(),
                input.getClientInformation().getClientId(), topic)) {
            return;
        }
        if (Topics.isDownlink(topic)) { // without security: still only the engine publishes these
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
            String vin = Topics.vinSegment(topic);
            if (vin != null && Topics.kindOf(topic) != null) {
                responses.onResponse(vin, bytes(input.getPublishPacket().getCorrelationData().orElse(null)), bytes);
                return;
            }
        }
        boolean mqtt5 = input.getConnectionInformation().getMqttVersion() == MqttVersion.V_5;
        CompletableFuture<Outcome> answer;
        try {
            answer = sink.accept(topic, bytes);
        } catch (RuntimeException e) { // the sink must not throw; if it does, the car must not be told "taken"
            LOG.error("engine failed to take a publish on {}", topic, e);
            answer = CompletableFuture.completedFuture(Outcome.rejected(
                    RejectReason.PROCESSING_ERROR, e.toString()));
        }
        if (answer.isDone()) { // rejected at once (bad topic, VIN, size or payload), or processed already
            acknowledge(output, answer.join(), mqtt5);
            return;
        }
        long started = System.nanoTime();
        Async<PublishInboundOutput> async = output.async(ackTimeout, TimeoutFallback.FAILURE,
                AckReasonCode.QUOTA_EXCEEDED, "the engine did not process the message in time; send it again");
        answer.whenComplete((outcome, error) -> {
            try {
                if (System.nanoTime() - started >= ackTimeout.toNanos()) {
                    stats.ackedLate(); // HiveMQ already answered with the timeout's failure code
                    stats.failureAck(AckReasonCode.QUOTA_EXCEEDED.name());
                    return;
                }
                acknowledge(output, outcome != null ? outcome : Outcome.rejected(
                        RejectReason.PROCESSING_ERROR, String.valueOf(error)), mqtt5);
            } catch (RuntimeException e) { // the output was settled meanwhile (timeout): nothing more to say
                LOG.debug("late answer for a publish on {}: {}", topic, e.toString());
            } finally {
                async.resume();
            }
        });
    }

    /** Sets the acknowledgement of a message the engine has answered (success: nothing to set). */
    private void acknowledge(PublishInboundOutput output, Outcome outcome, boolean mqtt5) {
        if (outcome.processed()) {
            return;
        }
        AckReasonCode code = AckReasons.of(outcome.reason());
        if (outcome.reason() == RejectReason.OVERLOADED) {
            stats.refusedOverloaded();
        }
        if (mqtt5 || AckReasons.retryable(outcome.reason())) {
            stats.failureAck(code.name());
            output.preventPublishDelivery(code);
        } else {
            output.preventPublishDelivery(); // MQTT 3 has no reason codes: acknowledged, counted as rejected, dropped
        }
    }
}

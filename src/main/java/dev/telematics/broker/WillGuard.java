package dev.telematics.broker;

import com.hivemq.extension.sdk.api.annotations.NotNull;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import dev.telematics.topic.Topics;
import java.util.Optional;

/**
 * The broker's authenticator when MQTT security is off ({@code run --insecure}, benchmarks): every client
 * connects, but a Last Will on a vehicle topic is refused at CONNECT with 0x90 TOPIC_NAME_INVALID and a
 * reason string, and counted. HiveMQ publishes a will without running publish interceptors, so the engine
 * would never take a will on {@code vehicles/...} (and one on {@code .../warnings} would reach the owner app
 * past the interceptor's block on spoofed warnings). With security on, {@code MqttSecurity} applies the same
 * rule per identity.
 *
 * <p>Threading: called on HiveMQ's threads for many clients at once; stateless apart from thread-safe stats.
 */
final class WillGuard implements SimpleAuthenticator {
    static final String NOT_SUPPORTED = "a Last Will on a vehicle topic is not supported: the broker would publish it "
            + "without the engine ever taking it; publish the message normally instead";
    private final BrokerStats stats;

    WillGuard(BrokerStats stats) {
        this.stats = stats;
    }

    @Override
    public void onConnect(@NotNull SimpleAuthInput in, @NotNull SimpleAuthOutput out) {
        Optional<WillPublishPacket> will = in.getConnectPacket().getWillPublish();
        if (will.isPresent() && Topics.isVehicleTopic(will.get().getTopic())) {
            stats.refusedLastWill();
            out.failAuthentication(ConnackReasonCode.TOPIC_NAME_INVALID, NOT_SUPPORTED);
            return;
        }
        out.authenticateSuccessfully();
    }
}

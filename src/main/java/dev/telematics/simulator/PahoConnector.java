package dev.telematics.simulator;

import dev.telematics.vehicle.Vin;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Opens the Paho MQTT v5 connection of one car the way {@code mqtt-performance-notes.md} asks:
 * {@link MemoryPersistence} (no fsync per message), a TCP_NODELAY socket factory for {@code tcp://},
 * clean start, no automatic reconnect, client id = VIN, optional credentials.
 *
 * <p>Stateless apart from its options; thread-safe. {@link #connect} blocks the calling (connect-pool)
 * thread for at most about twice the connect timeout.
 */
final class PahoConnector {
    static final int MAX_RECEIVE_MAXIMUM = 65_535;

    private final SimulatorOptions options;

    PahoConnector(SimulatorOptions options) {
        this.options = options;
    }

    /** A new, unconnected client with id = VIN and in-memory persistence. */
    MqttAsyncClient newClient(Vin vin) throws MqttException {
        return new MqttAsyncClient(options.brokerFor(vin.value()), vin.value(), new MemoryPersistence());
    }

    /**
     * Installs {@code callback}, connects {@code client} and subscribes it to {@code subscribeTopics} with
     * QoS 1, in one SUBSCRIBE. Returns the broker's receive maximum: its limit on the client's in-flight QoS 1 publishes
     * (Paho throws 32202 beyond it).
     */
    int connect(MqttAsyncClient client, Vin vin, MqttCallback callback, String... subscribeTopics)
            throws MqttException {
        long timeout = options.connectTimeout().toMillis();
        client.setCallback(callback);
        IMqttToken connected = client.connect(connectionOptions(vin, timeout));
        connected.waitForCompletion(timeout);
        MqttProperties props = connected.getResponseProperties();
        Integer receiveMaximum = props == null ? null : props.getReceiveMaximum();

        MqttSubscription[] subs = new MqttSubscription[subscribeTopics.length];
        for (int i = 0; i < subs.length; i++) {
            subs[i] = new MqttSubscription(subscribeTopics[i], 1);
        }
        IMqttToken subscribed = client.subscribe(subs);
        subscribed.waitForCompletion(timeout);
        int[] codes = subscribed.getReasonCodes();
        for (int code : codes == null ? new int[0] : codes) {
            if (code >= 0x80) {
                throw new MqttException(code);
            }
        }
        return receiveMaximum == null || receiveMaximum < 1 ? MAX_RECEIVE_MAXIMUM : receiveMaximum;
    }

    private MqttConnectionOptions connectionOptions(Vin vin, long timeoutMillis) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout((int) Math.max(1, (timeoutMillis + 999) / 1000));
        o.setKeepAliveInterval(30);
        if (options.plainTcp()) {
            o.setSocketFactory(new NoDelaySocketFactory());
        }
        options.credentials().apply(vin).ifPresent(c -> {
            o.setUserName(c.username());
            o.setPassword(c.password().getBytes(StandardCharsets.UTF_8));
        });
        return o;
    }
}

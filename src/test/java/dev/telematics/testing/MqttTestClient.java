package dev.telematics.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.telematics.simulator.MessageCallback;
import dev.telematics.simulator.NoDelaySocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/** A real Paho MQTT v5 client for tests (a car or an owner app), with the settings our notes call for. */
public final class MqttTestClient implements AutoCloseable {
    private final MqttAsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final int serverReceiveMaximum;

    public record Received(String topic, String payload) {
    }

    public MqttTestClient(int port, String clientId) throws MqttException {
        this(port, clientId, null, null);
    }

    /** Connects with an MQTT username and password (null: none); a refused connect throws with its reason code. */
    public MqttTestClient(int port, String clientId, String username, String password) throws MqttException {
        this("tcp://127.0.0.1:" + port, new NoDelaySocketFactory(), clientId, username, password);
    }

    /**
     * Connects to {@code serverUri} ({@code tcp://} or {@code ssl://}) through {@code sockets} (for TLS an
     * {@link javax.net.ssl.SSLSocketFactory}); a refused connect throws.
     */
    public MqttTestClient(String serverUri, javax.net.SocketFactory sockets, String clientId, String username,
                          String password) throws MqttException {
        client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (username != null) {
            o.setUserName(username);
        }
        if (password != null) {
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setSocketFactory(sockets);
        client.setCallback(new MessageCallback() { // the broker may cut this client off in a test: that is fine
            @Override
            public void messageArrived(String topic, MqttMessage msg) {
                received.add(new Received(topic, new String(msg.getPayload(), StandardCharsets.UTF_8)));
            }
        });
        IMqttToken connected = client.connect(o);
        connected.waitForCompletion(10_000);
        MqttProperties p = connected.getResponseProperties();
        serverReceiveMaximum = p == null || p.getReceiveMaximum() == null ? 65535 : p.getReceiveMaximum();
    }

    /** The receive maximum the broker announced in its CONNACK. */
    public int serverReceiveMaximum() {
        return serverReceiveMaximum;
    }

    /** Publishes and returns the broker's PUBACK reason code (0 = success). */
    public int publishForReason(String topic, String payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        IMqttToken t = client.publish(topic, m);
        t.waitForCompletion(10_000);
        int[] codes = t.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public void subscribe(String filter) throws MqttException {
        client.subscribe(new MqttSubscription(filter, 1)).waitForCompletion(10_000);
    }

    /** Subscribes and returns the broker's SUBACK reason code (0 or 1 = granted QoS, 0x87 = not authorized). */
    public int subscribeForReason(String filter) throws MqttException {
        IMqttToken t = client.subscribe(new MqttSubscription(filter, 1));
        t.waitForCompletion(10_000);
        int[] codes = t.getReasonCodes();
        return codes == null || codes.length == 0 ? -1 : codes[0];
    }

    public void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    public void publish(String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        client.publish(topic, m).waitForCompletion(10_000);
    }

    /** Publishes without waiting for the broker's acknowledgement (Paho keeps the order). */
    public IMqttToken publishAsync(String topic, String payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return client.publish(topic, m);
    }

    /** Publishes raw bytes (need not be UTF-8 or JSON) without waiting for the broker's acknowledgement. */
    public IMqttToken publishAsync(String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        return client.publish(topic, m);
    }

    public List<Received> received() {
        return received;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close(true);
    }
}

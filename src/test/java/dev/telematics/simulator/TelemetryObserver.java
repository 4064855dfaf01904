package dev.telematics.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.vehicle.Vin;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A plain Paho client subscribed to {@code vehicles/#} with QoS 1: sees what the engine would see, and
 * can publish like the engine (warnings). Messages are collected in arrival order.
 *
 * <p>Thread-safe: Paho's callback thread adds, the test thread reads.
 */
final class TelemetryObserver extends MessageCallback {
    private static final ObjectMapper JSON = new ObjectMapper();

    final MqttAsyncClient client;
    private final Queue<Received> messages = new ConcurrentLinkedQueue<>();

    /** One message as received. */
    record Received(String topic, String payload) {
    }

    private TelemetryObserver(MqttAsyncClient client) {
        this.client = client;
    }

    static TelemetryObserver connect(String uri) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(uri, "it-observer", new MemoryPersistence());
        TelemetryObserver observer = new TelemetryObserver(client);
        client.setCallback(observer);
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setSocketFactory(new NoDelaySocketFactory());
        client.connect(o).waitForCompletion(5000);
        client.subscribe("vehicles/#", 1).waitForCompletion(5000);
        return observer;
    }

    /** The telemetry samples of {@code vin}, parsed, in arrival order. */
    List<JsonNode> telemetryOf(Vin vin) {
        String topic = "vehicles/" + vin + "/telemetry";
        return messages.stream().filter(m -> m.topic().equals(topic)).map(m -> parse(m.payload())).toList();
    }

    /** The telemetry payloads of {@code vin} exactly as received, in arrival order. */
    List<String> rawTelemetryOf(Vin vin) {
        String topic = "vehicles/" + vin + "/telemetry";
        return messages.stream().filter(m -> m.topic().equals(topic)).map(Received::payload).toList();
    }

    long telemetryCount() {
        return messages.stream().filter(m -> m.topic().endsWith("/telemetry")).count();
    }

    List<Received> dtcs() {
        return messages.stream().filter(m -> m.topic().endsWith("/dtc")).toList();
    }

    void close() throws MqttException {
        client.disconnect().waitForCompletion(5000);
        client.close();
    }

    private static JsonNode parse(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + payload, e);
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        messages.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
    }
}

package dev.telematics.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.engine.Engine;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/** The broker's connection limit on a real engine with real clients. */
class MaxConnectionsTest {
    private static final String CAR_1 = "LRWMAXC0000000001";
    private static final String CAR_2 = "LRWMAXC0000000002";
    private static final String CAR_3 = "LRWMAXC0000000003";
    private static final int QUOTA_EXCEEDED = 0x97;

    private static String telemetry() {
        return "{\"ts\":" + System.currentTimeMillis() + ",\"signals\":{\"Vehicle.Speed\":10.0}}";
    }

    @SuppressWarnings("unchecked")
    private static long broker(Engine engine, String key) {
        return ((Number) ((Map<String, Object>) engine.statsSnapshot().get("broker")).get(key)).longValue();
    }

    @Test
    @SuppressWarnings("try") // the first client is closed inside its try block, to free its place
    void aConnectionOverTheLimit_isRefusedWith0x97_theOthersKeepWorking_andAFreedPlaceIsTakenAgain() throws Exception {
        try (Engine engine = TestEngines.started(Engine.builder(TestEngines.config().withMaxConnections(2)));
             MqttTestClient first = new MqttTestClient(engine.mqttPort(), CAR_1);
             MqttTestClient second = new MqttTestClient(engine.mqttPort(), CAR_2)) {
            assertEquals(2, broker(engine, "maxConnections"));
            await().atMost(Duration.ofSeconds(10)).until(() -> broker(engine, "connectedClients") == 2);

            MqttException refused = assertThrows(MqttException.class, () -> new MqttTestClient(engine.mqttPort(), CAR_3));
            assertEquals(QUOTA_EXCEEDED, refused.getReasonCode());
            assertTrue(first.publishForReason("vehicles/" + CAR_1 + "/telemetry", telemetry()) < 0x80);
            assertTrue(second.publishForReason("vehicles/" + CAR_2 + "/telemetry", telemetry()) < 0x80);
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.ingestStats().snapshot().processed() == 2);

            first.close();
            AtomicReference<MqttTestClient> third = new AtomicReference<>();
            // the broker frees the place once it has seen the disconnect: try until it lets the third car in
            await().atMost(Duration.ofSeconds(10)).ignoreException(MqttException.class)
                    .until(() -> third.compareAndSet(null, new MqttTestClient(engine.mqttPort(), CAR_3)));
            try (MqttTestClient t = third.get()) {
                assertTrue(t.publishForReason("vehicles/" + CAR_3 + "/telemetry", telemetry()) < 0x80);
                await().atMost(Duration.ofSeconds(10)).until(() -> engine.ingestStats().snapshot().processed() == 3);
                assertEquals(2, broker(engine, "connectedClients"));
            }
        }
    }
}

package dev.telematics.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.engine.Engine;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A flooding car is held back at the broker while another car's messages keep flowing. */
class RateLimitTest {
    private static final String FLOODER = "LRWFLDX0000000001";
    private static final String CALM = "LRWFLDX0000000002";
    private static final int QUOTA_EXCEEDED = 0x97;

    private static String telemetry(long ts) {
        return "{\"ts\":" + ts + ",\"signals\":{\"Vehicle.Speed\":10.0}}";
    }

    @Test
    @SuppressWarnings("unchecked")
    void floodingVehicle_isThrottled_whileAnotherVehiclesMessagesKeepFlowing() throws Exception {
        try (Engine engine = TestEngines.started(Engine.builder(TestEngines.config().withMaxMessagesPerSecond(5)));
             MqttTestClient flooder = new MqttTestClient(engine.mqttPort(), FLOODER);
             MqttTestClient calm = new MqttTestClient(engine.mqttPort(), CALM)) {
            int refused = 0;
            long ts = System.currentTimeMillis();
            for (int i = 0; i < 200; i++) { // far above 5/s with bursts of 10
                int code = flooder.publishForReason("vehicles/" + FLOODER + "/telemetry", telemetry(ts + i));
                refused += code == QUOTA_EXCEEDED ? 1 : 0;
            }
            assertTrue(refused >= 100, "most of the flood is refused: " + refused);
            for (int i = 0; i < 5; i++) {
                assertTrue(calm.publishForReason("vehicles/" + CALM + "/telemetry", telemetry(ts + i)) < 0x80);
            }
            int finalRefused = refused;
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    engine.ingestStats().snapshot().processed() == 200 - finalRefused + 5);
            Map<String, Object> broker = (Map<String, Object>) engine.statsSnapshot().get("broker");
            assertEquals((long) refused, ((Number) broker.get("publishesRefusedRateLimit")).longValue());
        }
    }
}

package dev.telematics.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.cases.CaseQuery;
import dev.telematics.ingest.RejectReason;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input sent by a real MQTT client through the real broker: each message is rejected and counted
 * by reason, no case is opened, the engine keeps running and the car's next good message is processed.
 */
class BadInputEndToEndTest {
    private static final String VIN = "LRWBADX0000000001";
    private static final String TOPIC = "vehicles/" + VIN + "/telemetry";
    private static final String LV = "Vehicle.LowVoltageBattery.CurrentVoltage";
    private static Engine engine;

    @BeforeAll
    static void start() {
        engine = TestEngines.started(Engine.builder(TestEngines.config().withMaxPayloadBytes(4096)));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static long rejected(RejectReason r) {
        return engine.ingestStats().rejectedCount(r);
    }

    private static void expectRejected(MqttTestClient car, String topic, byte[] payload, RejectReason reason)
            throws Exception {
        long before = rejected(reason);
        car.publish(topic, payload);
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected(reason) == before + 1);
    }

    private static void expectRejected(MqttTestClient car, String payload, RejectReason reason) throws Exception {
        expectRejected(car, TOPIC, payload.getBytes(StandardCharsets.UTF_8), reason);
    }

    @Test
    void badMessages_areRejectedByReason_openNoCase_andTheNextGoodMessageIsProcessed() throws Exception {
        long now = System.currentTimeMillis();
        try (MqttTestClient car = new MqttTestClient(engine.mqttPort(), VIN)) {
            expectRejected(car, "{\"ts\":" + now + ",\"signals\":{\"" + LV + "\":5.0", RejectReason.MALFORMED_JSON);
            expectRejected(car, "{\"ts\":" + now + ",\"signals\":{\"" + LV + "\":NaN}}", RejectReason.MALFORMED_JSON);
            expectRejected(car, "{\"ts\":\"now\",\"signals\":{\"" + LV + "\":5.0}}", RejectReason.INVALID_FIELD);
            expectRejected(car, "{\"ts\":" + now + ",\"signals\":{\"" + LV + "\":\"low\"}}",
                    RejectReason.NO_VALID_SIGNALS);
            expectRejected(car, "{\"ts\":" + now + ",\"signals\":{\"" + LV + "\":1e400}}",
                    RejectReason.NO_VALID_SIGNALS);
            expectRejected(car, "{\"samples\":[{\"ts\":" + (now + 86_400_000L) + ",\"signals\":{\"" + LV + "\":5.0}},"
                    + "{\"ts\":" + (now + 86_500_000L) + ",\"signals\":{\"" + LV + "\":5.0}}]}",
                    RejectReason.TIMESTAMP_IN_FUTURE);
            byte[] big = new byte[5000];
            Arrays.fill(big, (byte) ' ');
            byte[] body = ("{\"ts\":" + now + ",\"signals\":{\"" + LV + "\":5.0}}").getBytes(StandardCharsets.UTF_8);
            System.arraycopy(body, 0, big, 0, body.length);
            expectRejected(car, TOPIC, big, RejectReason.PAYLOAD_TOO_LARGE);
            expectRejected(car, "vehicles/NOT-A-VIN/telemetry", body, RejectReason.INVALID_VIN);
            expectRejected(car, "vehicles/" + VIN + "/firmware", body, RejectReason.INVALID_TOPIC);
            expectRejected(car, "vehicles/" + VIN + "/dtc",
                    ("{\"ts\":" + now + ",\"ecu\":\"BMS\",\"dtcs\":[\"PXXXX\"]}").getBytes(StandardCharsets.UTF_8),
                    RejectReason.INVALID_DTC);
            expectRejected(car, TOPIC, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                    RejectReason.MALFORMED_JSON);

            assertTrue(engine.cases().list(CaseQuery.all()).isEmpty(), "bad input must never open a case");
            assertTrue(engine.isReady());

            // unknown signals are counted and ignored, the known signal of the same message is kept
            long unknownBefore = engine.ingestStats().snapshot().unknownSignals();
            car.publish(TOPIC, "{\"ts\":" + (now - 80_000) + ",\"signals\":{\"Vehicle.Made.Up\":1,\"" + LV + "\":11.2}}");
            car.publish(TOPIC, "{\"ts\":" + (now - 10_000) + ",\"signals\":{\"" + LV + "\":11.2}}");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> engine.cases().list(CaseQuery.all()).size() == 1);
            assertEquals(unknownBefore + 1, engine.ingestStats().snapshot().unknownSignals());
            assertEquals("lv-battery-low", engine.cases().list(CaseQuery.all()).get(0).ruleId());
        }
    }
}

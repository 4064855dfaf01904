package dev.telematics.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.cases.CaseQuery;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.handoff.RejectReason;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input sent by real MQTT clients through the real broker. Every bad message carries an isolation
 * fault code that would open a case if it were accepted: each one is rejected and counted by reason,
 * no case is opened, the engine stays up, and the car's next good message is processed.
 */
class BadInputEndToEndTest {
    private static final String VIN = "LRWBADX0000000001";
    private static final String DTC = "vehicles/" + VIN + "/dtc";
    private static final String TELEMETRY = "vehicles/" + VIN + "/telemetry";
    private static final String LV = "Vehicle.LowVoltageBattery.CurrentVoltage";
    private static final int MAX_PAYLOAD = 4096;
    private static Engine engine;

    @BeforeAll
    static void start() {
        engine = TestEngines.started(Engine.builder(TestEngines.config().withMaxPayloadBytes(MAX_PAYLOAD)));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static long rejected(RejectReason r) {
        return engine.ingestStats().rejectedCount(r);
    }

    private static String isolationFault(long ts) {
        return "{\"ts\":" + ts + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}";
    }

    private static void expectRejected(MqttTestClient car, String topic, byte[] payload, RejectReason reason)
            throws Exception {
        long before = rejected(reason);
        car.publish(topic, payload);
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected(reason) == before + 1);
    }

    private static void expectRejected(MqttTestClient car, String topic, String payload, RejectReason reason)
            throws Exception {
        expectRejected(car, topic, payload.getBytes(StandardCharsets.UTF_8), reason);
    }

    @Test
    void badMessages_areRejectedByReason_openNoCase_andTheNextGoodMessageIsProcessed() throws Exception {
        long now = System.currentTimeMillis();
        try (MqttTestClient car = new MqttTestClient(engine.mqttPort(), VIN)) {
            String good = isolationFault(now);
            expectRejected(car, DTC, good.substring(0, good.length() - 1), RejectReason.MALFORMED_JSON);
            expectRejected(car, DTC, good + good, RejectReason.MALFORMED_JSON);
            expectRejected(car, DTC, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                    RejectReason.MALFORMED_JSON);
            expectRejected(car, DTC, "{\"ts\":\"now\",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}", RejectReason.INVALID_FIELD);
            expectRejected(car, DTC, "{\"ts\":" + now + ",\"ecu\":\"BMS\",\"dtcs\":\"P0AA6\"}", RejectReason.INVALID_FIELD);
            expectRejected(car, DTC, "{\"ts\":" + now + ",\"ecu\":\"BMS\",\"dtcs\":[\"PXXXX\"]}", RejectReason.INVALID_DTC);
            expectRejected(car, DTC, "{\"ts\":" + now + ",\"dtcs\":[\"P0AA6\"]}", RejectReason.MISSING_FIELD);
            expectRejected(car, DTC, isolationFault(now + 86_400_000L), RejectReason.TIMESTAMP_IN_FUTURE);
            expectRejected(car, DTC, isolationFault(0), RejectReason.TIMESTAMP_TOO_OLD);
            expectRejected(car, "vehicles/NOT-A-VIN/dtc", good, RejectReason.INVALID_VIN);
            expectRejected(car, "vehicles/" + VIN + "/firmware", good, RejectReason.INVALID_TOPIC);
            byte[] big = new byte[MAX_PAYLOAD + 1];
            Arrays.fill(big, (byte) ' ');
            byte[] body = good.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(body, 0, big, 0, body.length);
            expectRejected(car, DTC, big, RejectReason.PAYLOAD_TOO_LARGE);
            // telemetry that would trip the 12 V rules if it were believed
            expectRejected(car, TELEMETRY, "{\"ts\":" + now + ",\"signals\":{\"" + LV + "\":NaN}}",
                    RejectReason.MALFORMED_JSON);
            expectRejected(car, TELEMETRY, "{\"ts\":" + now + ",\"signals\":{\"" + LV + "\":\"low\"}}",
                    RejectReason.NO_VALID_SIGNALS);
            expectRejected(car, TELEMETRY, "{\"ts\":" + now + ",\"signals\":{\"" + LV + "\":1e400}}",
                    RejectReason.NO_VALID_SIGNALS);
            expectRejected(car, TELEMETRY, "{\"samples\":[{\"ts\":0,\"signals\":{\"" + LV + "\":5.0}},"
                    + "{\"ts\":" + now + ",\"signals\":{\"" + LV + "\":\"x\"}}]}", RejectReason.TIMESTAMP_TOO_OLD);

            assertTrue(casesOf(VIN).isEmpty(), "bad input must never open a case");
            assertTrue(engine.isReady());
            assertEquals(0, engine.ingestStats().rejectedCount(RejectReason.PROCESSING_ERROR));

            // the car's next good message is processed; its unknown signal is counted and ignored
            long unknownBefore = engine.ingestStats().snapshot().unknownSignals();
            car.publish(TELEMETRY, "{\"ts\":" + now + ",\"signals\":{\"Vehicle.Made.Up\":1,\"" + LV + "\":12.4}}");
            car.publish(DTC, good);
            await().atMost(Duration.ofSeconds(10)).until(() -> casesOf(VIN).size() == 1);
            assertEquals("hv-isolation-fault", casesOf(VIN).get(0).ruleId());
            assertEquals(unknownBefore + 1, engine.ingestStats().snapshot().unknownSignals());
        }
    }

    @Test
    void publishLargerThanTheBrokersPacketLimit_costsTheConnection_isCounted_andOpensNoCase() throws Exception {
        String vin = "LRWBADX0000000002";
        assertTrue(casesOf(vin).isEmpty());
        MqttTestClient car = new MqttTestClient(engine.mqttPort(), vin);
        try {
            byte[] huge = new byte[(1 << 20) + 1024];
            Arrays.fill(huge, (byte) ' ');
            byte[] body = isolationFault(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(body, 0, huge, 0, body.length);
            try {
                car.publish("vehicles/" + vin + "/dtc", huge);
            } catch (org.eclipse.paho.mqttv5.common.MqttException expected) {
                // the broker closes the connection (PACKET_TOO_LARGE) instead of acknowledging
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> packetTooLarge() >= 1);
        } finally {
            car.close();
        }
        assertTrue(casesOf(vin).isEmpty(), "the oversized message must not open a case");
        try (MqttTestClient again = new MqttTestClient(engine.mqttPort(), vin)) {
            again.publish("vehicles/" + vin + "/dtc", isolationFault(System.currentTimeMillis()));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> casesOf(vin).size() == 1);
        }
    }

    private static List<DiagnosticCase> casesOf(String vin) {
        return engine.cases().workflow().list(new CaseQuery(null, null, vin, CaseQuery.MAX_LIMIT));
    }

    @SuppressWarnings("unchecked")
    private static long packetTooLarge() {
        Map<String, Object> broker = (Map<String, Object>) engine.statsSnapshot().get("broker");
        Map<String, Long> reasons = (Map<String, Long>) broker.get("serverDisconnectsByReason");
        return reasons.getOrDefault("PACKET_TOO_LARGE", 0L);
    }

    @Test
    void brokenRawDtcReplies_areCountedByProblem_andGoodCodesOfTheSameReplyAreKept() throws Exception {
        String vin = "LRWBADX0000000003";
        String topic = "vehicles/" + vin + "/dtc";
        long now = System.currentTimeMillis();
        try (MqttTestClient car = new MqttTestClient(engine.mqttPort(), vin)) {
            expectProblem(car, topic, uds(now, "59 02 FF 0A A6 0"), "INVALID_HEX");
            expectProblem(car, topic, uds(now, "62 F1 90 0A A6 00 09"), "WRONG_SERVICE_ID");
            expectProblem(car, topic, "{\"ts\":" + now + ",\"ecu\":\"BMS\",\"format\":\"uds\",\"dtcFormat\":9,"
                    + "\"data\":\"59 02 FF 0A A6 00 09\"}", "UNKNOWN_FORMAT_IDENTIFIER");
            expectProblem(car, topic, "{\"ts\":" + now + ",\"ecu\":\"EECU\",\"format\":\"j1939-dm1\","
                    + "\"data\":\"04 FF 00 00 05 01\"}", "SPN_OUT_OF_RANGE");
            assertTrue(casesOf(vin).isEmpty());
            // a truncated second record: counted, and the complete first record (an isolation fault) still opens a case
            expectProblem(car, topic, uds(now, "59 02 FF 0A A6 00 09 01 10"), "TRUNCATED_RECORD");
            await().atMost(Duration.ofSeconds(10)).until(() -> casesOf(vin).size() == 1);
            assertEquals("hv-isolation-fault", casesOf(vin).get(0).ruleId());
        }
    }

    private static String uds(long ts, String hex) {
        return "{\"ts\":" + ts + ",\"ecu\":\"BMS\",\"format\":\"uds\",\"data\":\"" + hex + "\"}";
    }

    private static void expectProblem(MqttTestClient car, String topic, String payload, String problem) throws Exception {
        long before = engine.ingestStats().snapshot().dtcProblems().getOrDefault(problem, 0L);
        car.publish(topic, payload);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.ingestStats().snapshot().dtcProblems().getOrDefault(problem, 0L) == before + 1);
    }
}

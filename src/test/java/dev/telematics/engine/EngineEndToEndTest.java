package dev.telematics.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseQuery;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.testing.MqttTestClient;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import dev.telematics.testing.TestEngines;
import dev.telematics.vehicle.TimedValue;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A fault travels from a real MQTT car through the embedded broker to a case and the owner's warning. */
class EngineEndToEndTest {
    private static final String LV = "Vehicle.LowVoltageBattery.CurrentVoltage";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Engine engine;

    @BeforeAll
    static void start() {
        engine = TestEngines.started(Engine.builder(TestEngines.config()));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static String sample(long ts, long seq, double lv) {
        return "{\"ts\":" + ts + ",\"seq\":" + seq + ",\"signals\":{\"" + LV + "\":" + lv
                + ",\"Vehicle.Speed\":0,\"Vehicle.Powertrain.TractionBattery.StateOfCharge.Current\":64.5}}";
    }

    private static List<DiagnosticCase> casesOf(String vin) {
        return engine.cases().workflow().list(new CaseQuery(null, null, vin, 100));
    }

    @Test
    void lowVoltageHeldFor60s_opensCaseWithEvidence_andWarnsOwner() throws Exception {
        String vin = "LRWTEST0000000001";
        try (MqttTestClient owner = new MqttTestClient(engine.mqttPort(), "owner-app-1");
             MqttTestClient car = new MqttTestClient(engine.mqttPort(), vin)) {
            owner.subscribe("vehicles/" + vin + "/warnings");
            long now = System.currentTimeMillis();
            car.publish("vehicles/" + vin + "/telemetry", sample(now - 90_000, 1, 12.6));
            car.publish("vehicles/" + vin + "/telemetry", sample(now - 70_000, 2, 11.5));
            car.publish("vehicles/" + vin + "/telemetry", sample(now - 40_000, 3, 11.4));
            car.publish("vehicles/" + vin + "/telemetry", sample(now - 5_000, 4, 11.3));

            await().atMost(Duration.ofSeconds(10)).until(() -> !casesOf(vin).isEmpty());
            DiagnosticCase c = casesOf(vin).get(0);
            assertEquals("lv-battery-low", c.ruleId());
            assertEquals(11.3, (Double) c.evidence().trigger().get("value"));
            assertEquals(65_000L, ((Number) c.evidence().trigger().get("heldMs")).longValue());
            assertEquals(64.5, c.evidence().signals().get("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"));
            assertEquals(List.of(12.6, 11.5, 11.4, 11.3),
                    c.evidence().recent().get(LV).stream().map(TimedValue::value).toList());

            await().atMost(Duration.ofSeconds(10)).until(() -> !owner.received().isEmpty());
            JsonNode w = JSON.readTree(owner.received().get(0).payload());
            assertEquals("vehicles/" + vin + "/warnings", owner.received().get(0).topic());
            assertEquals("lv-battery-low", w.get("ruleId").asText());
            assertEquals("medium", w.get("severity").asText());
            assertEquals("service-soon", w.get("urgency").asText());
            assertEquals(c.number(), w.get("caseNumber").asText());
            assertTrue(w.get("text").asText().contains("12 V battery"));
        }
    }

    @Test
    void dtcReport_opensCase_recurrenceUpdatesItWithoutWarningTheOwnerAgain() throws Exception {
        String vin = "LRWTEST0000000002";
        try (MqttTestClient owner = new MqttTestClient(engine.mqttPort(), "owner-app-2");
             MqttTestClient car = new MqttTestClient(engine.mqttPort(), vin)) {
            owner.subscribe("vehicles/" + vin + "/warnings");
            String topic = "vehicles/" + vin + "/dtc";
            long now = System.currentTimeMillis();
            car.publish(topic, "{\"ts\":" + now + ",\"ecu\":\"BMS\",\"format\":\"j2012\",\"dtcs\":[\"P0AA6\"]}");
            await().atMost(Duration.ofSeconds(10)).until(() -> owner.received().size() == 1);
            JsonNode w = JSON.readTree(owner.received().get(0).payload());
            assertEquals("hv-isolation-fault", w.get("ruleId").asText());
            assertEquals("critical", w.get("severity").asText());
            assertEquals("stop-safely", w.get("urgency").asText());

            // still present: no new firing; cleared then back: same open case, one more occurrence
            long suppressedBefore = engine.notifier().suppressed();
            car.publish(topic, "{\"ts\":" + (now + 1) + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}");
            car.publish(topic, "{\"ts\":" + (now + 2) + ",\"ecu\":\"BMS\",\"dtcs\":[]}");
            car.publish(topic, "{\"ts\":" + (now + 3) + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}");
            await().atMost(Duration.ofSeconds(10)).until(() -> casesOf(vin).get(0).occurrences() == 2);
            assertEquals(1, casesOf(vin).size());
            // the recurrence's warning was decided (and held back) on the worker before the case changed
            await().atMost(Duration.ofSeconds(5)).until(() -> engine.notifier().suppressed() == suppressedBefore + 1);
            assertEquals(1, owner.received().size(), "the owner is warned once per open case");
            assertEquals("P0AA6", casesOf(vin).get(0).evidence().trigger().get("dtc"));
        }
    }

    @Test
    void manyCarsPublishingAtOnce_eachCarsSamplesAreProcessedInOrder() throws Exception {
        int cars = 4;
        int perCar = 100;
        long start = System.currentTimeMillis() - 200_000;
        List<MqttTestClient> clients = new java.util.ArrayList<>();
        try {
            List<IMqttToken> tokens = new java.util.ArrayList<>();
            for (int c = 1; c <= cars; c++) {
                clients.add(new MqttTestClient(engine.mqttPort(), "LRWRDER000000000" + c));
            }
            for (int i = 0; i < perCar; i++) {
                for (int c = 1; c <= cars; c++) {
                    String vin = "LRWRDER000000000" + c;
                    tokens.add(clients.get(c - 1).publishAsync("vehicles/" + vin + "/telemetry",
                            sample(start + i * 1_000L, i, 12.0 + i / 100.0)));
                }
            }
            for (IMqttToken t : tokens) {
                t.waitForCompletion(10_000);
            }
            await().atMost(Duration.ofSeconds(10)).until(engine::idle);
            for (int c = 1; c <= cars; c++) {
                var state = engine.vehicles().stateOf(dev.telematics.vehicle.Vin.of("LRWRDER000000000" + c));
                assertEquals(perCar - 1, state.lastSequence());
                assertEquals(12.0 + (perCar - 1) / 100.0, state.latest(LV).value(), 1e-9);
            }
            assertEquals(0, engine.ingestStats().snapshot().outOfOrderSamples());
        } finally {
            for (MqttTestClient c : clients) {
                c.close();
            }
        }
    }

    @Test
    void broker_announcesRaisedReceiveMaximum() throws Exception {
        try (MqttTestClient car = new MqttTestClient(engine.mqttPort(), "LRWTEST0000000003")) {
            assertEquals(engine.config().mqtt().receiveMaximum(), car.serverReceiveMaximum());
            assertTrue(car.serverReceiveMaximum() > 10, "HiveMQ's default of 10 would throttle a car");
        }
    }

    @Test
    void mqtt311Car_isServedToo() throws Exception {
        String vin = "LRWTEST0000000004";
        org.eclipse.paho.client.mqttv3.MqttClient car = new org.eclipse.paho.client.mqttv3.MqttClient(
                "tcp://127.0.0.1:" + engine.mqttPort(), vin,
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        org.eclipse.paho.client.mqttv3.MqttConnectOptions o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        car.connect(o);
        try {
            car.publish("vehicles/" + vin + "/dtc", ("{\"ts\":" + System.currentTimeMillis()
                    + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA7\"]}").getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> !casesOf(vin).isEmpty());
            assertEquals("hv-isolation-fault", casesOf(vin).get(0).ruleId());
        } finally {
            car.disconnect();
            car.close();
        }
    }

    @Test
    void clientPublishingAWarning_isRefused_andOwnersOnlyGetTheEnginesWarnings() throws Exception {
        String vin = "LRWTEST0000000005";
        try (MqttTestClient owner = new MqttTestClient(engine.mqttPort(), "owner-app-5");
             MqttTestClient attacker = new MqttTestClient(engine.mqttPort(), "LRWTEST0000000006")) {
            owner.subscribe("vehicles/" + vin + "/warnings");
            int reason = attacker.publishForReason("vehicles/" + vin + "/warnings",
                    "{\"severity\":\"critical\",\"text\":\"Stop the car now\"}");
            assertEquals(0x87, reason, "NOT_AUTHORIZED");
            attacker.publish("vehicles/" + vin + "/dtc",
                    "{\"ts\":" + System.currentTimeMillis() + ",\"ecu\":\"VCU\",\"dtcs\":[\"U0100\"]}");
            await().atMost(Duration.ofSeconds(10)).until(() -> !owner.received().isEmpty());
            assertEquals(1, owner.received().size());
            assertEquals("lost-comm-ecm", JSON.readTree(owner.received().get(0).payload()).get("ruleId").asText());
        }
    }

    @Test
    void moreSevereRuleOfAnOpenProblem_escalatesTheCase_andWarnsTheOwnerAgain() throws Exception {
        String vin = "LRWTEST0000000007";
        try (MqttTestClient owner = new MqttTestClient(engine.mqttPort(), "owner-app-7");
             MqttTestClient car = new MqttTestClient(engine.mqttPort(), vin)) {
            owner.subscribe("vehicles/" + vin + "/warnings");
            long now = System.currentTimeMillis();
            String topic = "vehicles/" + vin + "/telemetry";
            car.publish(topic, sample(now - 100_000, 1, 11.6));
            car.publish(topic, sample(now - 30_000, 2, 11.6)); // lv-battery-low: below 11.8 V for 70 s
            await().atMost(Duration.ofSeconds(10)).until(() -> owner.received().size() == 1);
            car.publish(topic, sample(now - 20_000, 3, 10.6));
            car.publish(topic, sample(now - 10_000, 4, 10.5)); // lv-voltage-critical: below 11 V for 10 s
            await().atMost(Duration.ofSeconds(10)).until(() -> owner.received().size() == 2);
            DiagnosticCase c = casesOf(vin).get(0);
            assertEquals(1, casesOf(vin).size());
            assertEquals("lv-voltage-critical", c.ruleId());
            assertEquals("high", c.severity().label());
            assertEquals("lv-voltage-critical", JSON.readTree(owner.received().get(1).payload()).get("ruleId").asText());
            assertEquals(c.number(), JSON.readTree(owner.received().get(1).payload()).get("caseNumber").asText());
        }
    }

    @Test
    void rawUdsReply_opensCaseWithTheDecodedEnrichedCode_andTheOwnerReadsPlainWords() throws Exception {
        String vin = "LRWTEST0000000008";
        try (MqttTestClient owner = new MqttTestClient(engine.mqttPort(), "owner-app-8");
             MqttTestClient car = new MqttTestClient(engine.mqttPort(), vin)) {
            owner.subscribe("vehicles/" + vin + "/warnings");
            // P0AA1 (positive contactor stuck closed), failure type 00, status 0x2F; and P0110-1C, status 0xAF
            car.publish("vehicles/" + vin + "/dtc", "{\"ts\":" + System.currentTimeMillis()
                    + ",\"ecu\":\"BMS\",\"format\":\"uds\",\"data\":\"59 02 FF 0A A1 00 2F 01 10 1C AF\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> !casesOf(vin).isEmpty());
            DiagnosticCase c = casesOf(vin).get(0);
            assertEquals("kb-high-and-critical", c.ruleId());
            assertEquals("dtc:P0AA1", c.problem());
            assertEquals("P0AA1-00", c.evidence().trigger().get("dtc"));
            assertEquals("Hybrid Battery Positive Contactor Circuit Stuck Closed", c.evidence().diagnosis().get(0).description());
            assertTrue(!c.evidence().diagnosis().get(0).parts().isEmpty());
            assertEquals("hv-battery", c.evidence().diagnosis().get(0).skill());
            var p0110 = c.evidence().dtcs().stream().filter(d -> d.dtc().equals("P0110-1C")).findFirst().orElseThrow();
            assertEquals(0xAF, p0110.status());
            assertEquals(List.of("testFailed", "testFailedThisOperationCycle", "pendingDTC", "confirmedDTC",
                    "testFailedSinceLastClear", "warningIndicatorRequested"), p0110.statusBits());
            assertEquals("general electrical failure", p0110.ftbCategory());

            await().atMost(Duration.ofSeconds(10)).until(() -> !owner.received().isEmpty());
            JsonNode w = JSON.readTree(owner.received().get(0).payload());
            assertEquals(c.number(), w.get("caseNumber").asText());
            assertEquals("High-voltage battery fault", w.get("title").asText());
            assertEquals(c.evidence().diagnosis().get(0).ownerUrgency(), w.get("urgency").asText());
            assertTrue(!w.get("text").asText().matches("(?s).*\\b[PCBU][0-3][0-9A-F]{3}\\b.*"), w.get("text").asText());
        }
    }
}

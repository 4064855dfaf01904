package dev.telematics.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseEventType;
import dev.telematics.cases.CaseEvent;
import dev.telematics.cases.CaseQuery;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.engine.Engine;
import dev.telematics.testing.ManualClock;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Owner warnings through a running engine with real MQTT clients: in the language the owner app chose
 * for the car, with the urgency in plain words, what to do and the case number to quote; once per
 * problem, with a reminder after the configured period; acknowledged from the owner app.
 */
class OwnerWarningsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ZH_CAR = "LRWXWNR0000000001";
    private static final String EN_CAR = "LRWXWNR0000000002";
    private final ManualClock clock = new ManualClock(Instant.now());
    private Engine engine;

    @BeforeEach
    void start() {
        engine = TestEngines.started(Engine.builder(TestEngines.config()).clock(clock));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private void dtc(MqttTestClient car, String vin, String... codes) throws Exception {
        String list = codes.length == 0 ? "" : "\"" + String.join("\",\"", codes) + "\"";
        car.publish("vehicles/" + vin + "/dtc", "{\"ts\":" + clock.millis() + ",\"ecu\":\"BMS\",\"dtcs\":[" + list + "]}");
    }

    private static List<JsonNode> warnings(MqttTestClient app) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (MqttTestClient.Received r : app.received()) {
            if (r.topic().endsWith("/warnings")) {
                out.add(JSON.readTree(r.payload()));
            }
        }
        return out;
    }

    private DiagnosticCase caseOf(String vin) {
        return engine.cases().workflow().list(new CaseQuery(null, null, vin, 10)).get(0);
    }

    @Test
    void ownerChoosesChinese_getsTheWarningInChineseWithUrgencyActionAndCaseNumber_otherCarsStayEnglish()
            throws Exception {
        try (MqttTestClient zhApp = new MqttTestClient(engine.mqttPort(), "owner-app-zh");
             MqttTestClient enApp = new MqttTestClient(engine.mqttPort(), "owner-app-en");
             MqttTestClient cars = new MqttTestClient(engine.mqttPort(), "cars")) {
            zhApp.subscribe("vehicles/" + ZH_CAR + "/warnings");
            enApp.subscribe("vehicles/" + EN_CAR + "/warnings");
            zhApp.publish("vehicles/" + ZH_CAR + "/owner/settings", "{\"language\":\"zh-CN\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> "zh-CN".equals(engine.notifier().settings().language(ZH_CAR)));
            dtc(cars, ZH_CAR, "P0AA6");
            dtc(cars, EN_CAR, "P0AA6");
            await().atMost(Duration.ofSeconds(10)).until(() -> warnings(zhApp).size() == 1 && warnings(enApp).size() == 1);

            JsonNode zh = warnings(zhApp).get(0);
            String number = caseOf(ZH_CAR).number();
            assertEquals("zh-CN", zh.get("language").asText());
            assertEquals("高压绝缘故障", zh.get("title").asText());
            assertTrue(zh.get("text").asText().contains("请安全停车"), zh.toString());
            assertEquals("请立即安全停车", zh.get("urgencyText").asText());
            assertEquals("stop-safely", zh.get("urgency").asText());
            assertEquals(number, zh.get("caseNumber").asText());
            assertTrue(zh.get("quote").asText().contains(number), zh.toString());

            JsonNode en = warnings(enApp).get(0);
            assertEquals("en", en.get("language").asText());
            assertEquals("High-voltage insulation fault", en.get("title").asText());
            assertEquals("Stop safely now", en.get("urgencyText").asText());
            assertEquals("Quote case " + caseOf(EN_CAR).number() + " when you contact us.", en.get("quote").asText());
            assertFalse(en.get("action").asText().isBlank());
        }
    }

    @Test
    void oneWarningPerProblem_aReminderAfterThePeriod_andTheOwnersAcknowledgementIsOnTheCase() throws Exception {
        try (MqttTestClient app = new MqttTestClient(engine.mqttPort(), "owner-app");
             MqttTestClient car = new MqttTestClient(engine.mqttPort(), "car")) {
            app.subscribe("vehicles/" + EN_CAR + "/warnings");
            dtc(car, EN_CAR, "P0AA6");
            await().atMost(Duration.ofSeconds(10)).until(() -> warnings(app).size() == 1);
            // the code clears and comes back an hour later: the same open case, no second warning
            clock.advance(Duration.ofHours(1));
            dtc(car, EN_CAR);
            dtc(car, EN_CAR, "P0AA6");
            await().atMost(Duration.ofSeconds(10)).until(() -> caseOf(EN_CAR).occurrences() == 2);
            assertEquals(1, warnings(app).size());
            // and again a day later: a reminder
            clock.advance(Duration.ofHours(24));
            dtc(car, EN_CAR);
            dtc(car, EN_CAR, "P0AA6");
            await().atMost(Duration.ofSeconds(10)).until(() -> warnings(app).size() == 2);
            JsonNode reminder = warnings(app).get(1);
            assertTrue(reminder.get("reminder").asBoolean());
            assertTrue(reminder.get("text").asText().startsWith("Reminder:"), reminder.toString());

            String number = caseOf(EN_CAR).number();
            app.publish("vehicles/" + EN_CAR + "/warnings/ack", "{\"warningId\":\"" + reminder.get("warningId").asText()
                    + "\",\"caseNumber\":\"" + number + "\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> caseOf(EN_CAR).events().stream()
                    .anyMatch(e -> e.type() == CaseEventType.OWNER_ACKNOWLEDGED));
            CaseEvent ack = caseOf(EN_CAR).events().stream().filter(e -> e.type() == CaseEventType.OWNER_ACKNOWLEDGED)
                    .findFirst().orElseThrow();
            assertEquals("owner", ack.actor());
            assertTrue(ack.detail().contains(reminder.get("warningId").asText()));

            // an owner app cannot acknowledge another car's case, nor send nonsense
            long rejected = engine.ingestStats().snapshot().rejected();
            app.publish("vehicles/" + ZH_CAR + "/warnings/ack", "{\"warningId\":\"W-1\",\"caseNumber\":\"" + number + "\"}");
            app.publish("vehicles/" + EN_CAR + "/owner/settings", "{\"language\":\"klingon\"}");
            app.publish("vehicles/" + EN_CAR + "/warnings/ack", "{\"warningId\":42}");
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.ingestStats().snapshot().rejected() == rejected + 3);
            assertEquals(1, caseOf(EN_CAR).events().stream().filter(e -> e.type() == CaseEventType.OWNER_ACKNOWLEDGED).count());
            assertEquals(null, engine.notifier().settings().language(EN_CAR));
        }
    }
}

package dev.telematics.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the case database is gone, a firing still warns the owner (without a case number) and is counted. */
class CaseStoreDownTest {
    private static final String VIN = "LRWDWNX0000000001";

    @Test
    void caseDatabaseDown_ownerIsStillWarned_andTheFailureIsCounted(@TempDir Path dir) throws Exception {
        EngineDatabase db = EngineDatabase.embedded(dir);
        try (Engine engine = TestEngines.started(Engine.builder(TestEngines.config()).database(db));
             MqttTestClient app = new MqttTestClient(engine.mqttPort(), "owner-app");
             MqttTestClient car = new MqttTestClient(engine.mqttPort(), "car")) {
            app.subscribe("vehicles/" + VIN + "/warnings");
            db.close(); // the database goes away under the running engine
            car.publish("vehicles/" + VIN + "/dtc", "{\"ts\":" + System.currentTimeMillis()
                    + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}");
            await().atMost(Duration.ofSeconds(15)).until(() -> !app.received().isEmpty());
            JsonNode w = new ObjectMapper().readTree(app.received().get(0).payload());
            assertEquals("hv-isolation-fault", w.get("ruleId").asText());
            assertTrue(w.get("caseNumber").isNull(), w.toString());
            assertEquals(1, engine.ingestStats().snapshot().caseRecordFailures());
            assertTrue(engine.isReady(), "the engine keeps running");
        }
    }
}

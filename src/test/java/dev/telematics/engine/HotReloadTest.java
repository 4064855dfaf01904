package dev.telematics.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseQuery;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing a file under the rules folder takes effect without a restart; a bad edit changes nothing. */
class HotReloadTest {
    private static final String NEW_RULE = """
            version: 1
            rules:
              - id: ecm-lost-twice
                kind: dtc
                codes: [U0100]
                minOccurrences: 1
                severity: critical
                problem: ecm-link
                owner: {title: Drive controller lost, text: Please stop safely. We will call you.}
            """;

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void goodEditTakesEffect_badEditKeepsTheRunningRulesAndIsReportedWithFileAndLine(@TempDir Path rules)
            throws Exception {
        copyTree(Path.of("rules"), rules);
        Engine engine = TestEngines.started(Engine.builder(TestEngines.config().withRulesDir(rules)));
        try {
            int before = engine.rules().rules().size();
            Files.writeString(rules.resolve("zz-extra.yaml"), NEW_RULE);
            await().atMost(Duration.ofSeconds(15)).until(() -> engine.rules().rules().byId("ecm-lost-twice") != null);
            assertEquals(before + 1, engine.rules().rules().size());
            assertTrue(engine.reloader().status().ok());

            // the reloaded rule is used for the next message: a U0100 now opens an ecm-link case
            String vin = "LRWHTRL0000000001";
            try (MqttTestClient car = new MqttTestClient(engine.mqttPort(), vin)) {
                car.publish("vehicles/" + vin + "/dtc",
                        "{\"ts\":" + System.currentTimeMillis() + ",\"ecu\":\"VCU\",\"dtcs\":[\"U0100\"]}");
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> !engine.cases().workflow().list(new CaseQuery(null, null, vin, 10)).isEmpty());
                assertEquals("ecm-link", engine.cases().workflow().list(new CaseQuery(null, null, vin, 10)).get(0).problem());
            }

            Files.writeString(rules.resolve("zz-extra.yaml"), NEW_RULE.replace("codes: [U0100]",
                    "signal: Vehicle.Nothing"));
            await().atMost(Duration.ofSeconds(15)).until(() -> !engine.reloader().status().ok());
            String problem = String.join("\n", engine.reloader().status().problems());
            assertTrue(problem.contains("zz-extra.yaml:3") && problem.contains("ecm-lost-twice"), problem);
            assertTrue(engine.rules().rules().byId("ecm-lost-twice") != null, "the running rules stay in place");
            assertEquals(before + 1, engine.rules().rules().size());

            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + engine.httpPort() + "/api/rules")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = new ObjectMapper().readTree(r.body());
            assertFalse(body.path("lastReload").path("ok").asBoolean(true));
            assertTrue(body.path("lastReload").path("problems").get(0).asText().contains("zz-extra.yaml:3"));
            assertEquals(before + 1, body.path("rules").size());

            Files.delete(rules.resolve("zz-extra.yaml"));
            await().atMost(Duration.ofSeconds(15)).until(() -> engine.reloader().status().ok()
                    && engine.rules().rules().byId("ecm-lost-twice") == null);
        } finally {
            engine.close();
        }
    }
}

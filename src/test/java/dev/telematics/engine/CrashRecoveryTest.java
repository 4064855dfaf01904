package dev.telematics.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.EngineProcess;
import dev.telematics.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine ({@code run --data-dir}) in a JVM of its own, killed with SIGKILL (kill -9) right after a
 * technician's changes were confirmed, while a car keeps publishing: after a restart on the same data
 * folder every confirmed change is there.
 */
class CrashRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String VIN = "LRWCRSH0000000001";

    @TempDir
    Path dir;

    private Process start(Path data, int mqtt, int http) throws Exception {
        Process p = EngineProcess.start(dir, data, mqtt, http);
        return p;
    }

    /** The technician's API token, issued with the CLI (security is on, as in production). */
    private static volatile String token;

    private static HttpResponse<String> call(int port, String method, String path, String body) throws Exception {
        return call(port, method, path, body, true);
    }

    private static HttpResponse<String> call(int port, String method, String path, String body, boolean withToken)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10));
        if (withToken && token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void engineKilledWithSigkill_losesNoConfirmedCaseChange() throws Exception {
        Path data = dir.resolve("data");
        int http = Ports.free();
        int mqtt = Ports.free();
        // the car is provisioned with the CLI, as an operator would (into the data folder's provisioning inbox)
        dev.telematics.testing.Cli provision = new dev.telematics.testing.Cli();
        assertEquals(0, provision.run("provision", VIN, "--data-dir", data.toString()));
        String password = JSON.readTree(provision.lastLine()).path("password").asText();
        assertTrue(password.length() >= 20, provision.out());
        // and the technician gets an API token the same way (signed with the key in the data folder)
        dev.telematics.testing.Cli tokenCli = new dev.telematics.testing.Cli();
        assertEquals(0, tokenCli.run("token", "--role", "technician", "--name", "ana", "--data-dir", data.toString()));
        token = tokenCli.lastLine();
        assertTrue(token.startsWith("tmt1."), tokenCli.out());
        Process engine = start(data, mqtt, http);
        assertEquals(401, call(http, "GET", "/api/cases", null, false).statusCode(), "security is on by default");
        String number;
        AtomicLong sent = new AtomicLong();
        try (MqttTestClient car = new MqttTestClient(mqtt, VIN, VIN, password)) {
            car.publish("vehicles/" + VIN + "/dtc", "{\"ts\":" + System.currentTimeMillis()
                    + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}");
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    JSON.readTree(call(http, "GET", "/api/cases?vin=" + VIN, null).body()).path("count").asInt() == 1);
            number = JSON.readTree(call(http, "GET", "/api/cases?vin=" + VIN, null).body())
                    .path("cases").get(0).path("number").asText();
            // the car keeps publishing while the technician works (within the default 20 msg/s per car):
            // telemetry every 100 ms, and its fault code clears and comes back every 400 ms, so the engine
            // writes the case (a recurrence) meanwhile
            java.util.concurrent.ScheduledExecutorService load = java.util.concurrent.Executors.newScheduledThreadPool(1);
            java.util.concurrent.atomic.AtomicInteger tick = new java.util.concurrent.atomic.AtomicInteger();
            load.scheduleAtFixedRate(() -> {
                try {
                    int t = tick.incrementAndGet();
                    car.publishAsync("vehicles/" + VIN + "/telemetry", "{\"ts\":" + System.currentTimeMillis()
                            + ",\"signals\":{\"Vehicle.Speed\":50.0}}");
                    if (t % 2 == 0) {
                        car.publishAsync("vehicles/" + VIN + "/dtc", "{\"ts\":" + System.currentTimeMillis()
                                + ",\"ecu\":\"BMS\",\"dtcs\":[" + (t % 4 == 0 ? "\"P0AA6\"" : "") + "]}");
                    }
                    sent.incrementAndGet();
                } catch (Exception e) {
                    // the engine is gone (killed): nothing more to send
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            String base = "/api/cases/" + number;
            assertEquals(200, call(http, "POST", base + "/acknowledge", "{\"by\":\"ana\"}").statusCode());
            assertEquals(201, call(http, "POST", base + "/notes", "{\"text\":\"isolation 18 kOhm\",\"author\":\"ana\"}")
                    .statusCode());
            assertEquals(200, call(http, "POST", base + "/transitions",
                    "{\"to\":\"IN_DIAGNOSIS\",\"by\":\"ana\",\"reason\":\"reading history\"}").statusCode());
            // the changes were confirmed; let a few more recurrences be written, then kill
            long occurrences = JSON.readTree(call(http, "GET", base, null).body()).path("occurrences").asLong();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    JSON.readTree(call(http, "GET", base, null).body()).path("occurrences").asLong() > occurrences);
            engine.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            assertTrue(engine.waitFor(30, TimeUnit.SECONDS));
            load.shutdownNow();
        }
        assertEquals(137, engine.exitValue(), "killed by SIGKILL");
        assertTrue(sent.get() > 0, "the car was publishing during the changes");

        int http2 = Ports.free();
        Process again = start(data, Ports.free(), http2);
        try {
            JsonNode c = JSON.readTree(call(http2, "GET", "/api/cases/" + number, null).body());
            assertEquals("IN_DIAGNOSIS", c.path("status").asText(), c.toString());
            assertEquals("isolation 18 kOhm", c.path("notes").get(0).path("text").asText());
            List<String> types = new ArrayList<>();
            c.path("events").forEach(e -> types.add(e.path("type").asText()));
            assertTrue(types.containsAll(List.of("OPENED", "STATUS_CHANGED", "NOTE_ADDED")), types.toString());
            boolean diagnosed = false;
            for (JsonNode e : c.path("events")) {
                diagnosed |= "IN_DIAGNOSIS".equals(e.path("to").asText()) && "reading history".equals(e.path("detail").asText());
            }
            assertTrue(diagnosed, c.path("events").toString());
            assertTrue(c.path("occurrences").asInt() > 1, "the engine was writing recurrences around the kill");
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }
}

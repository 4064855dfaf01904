package dev.telematics.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.telematics.cli.Main;
import dev.telematics.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Case numbers have no gaps after a crash: the engine ({@code run --data-dir}, embedded H2) in a JVM of its
 * own is killed with SIGKILL after each case it opened, and the case the next engine opens on the same data
 * folder takes the next number (H2 used to pre-allocate 32 numbers and lose the unused ones).
 */
class CaseNumbersAfterCrashTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private Process start(Path data, int mqtt, int http) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--insecure", "--max-rate", "0",
                "--mqtt-port", String.valueOf(mqtt), "--http-port", String.valueOf(http), "--data-dir", data.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("engine-" + http + ".log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> p.isAlive() && get(http, "/health").statusCode() == 200);
        return p;
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A car reports the critical P0AA6 and gets its PUBACK: its case is committed. Returns the case number. */
    private static String openCase(int mqtt, int http, String vin) throws Exception {
        Mqtt5BlockingClient car = Mqtt5Client.builder().identifier(vin).serverHost("127.0.0.1").serverPort(mqtt)
                .buildBlocking();
        car.connectWith().cleanStart(true).send();
        Mqtt5PublishResult r = car.publishWith().topic("vehicles/" + vin + "/dtc").qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"ts\":" + System.currentTimeMillis() + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}")
                        .getBytes(StandardCharsets.UTF_8)).send();
        assertFalse(((Mqtt5PublishResult.Mqtt5Qos1Result) r).getPubAck().getReasonCode().isError());
        car.disconnect();
        JsonNode cases = JSON.readTree(get(http, "/api/cases?vin=" + vin).body()).path("cases");
        assertEquals(1, cases.size(), cases.toString());
        return cases.get(0).path("number").asText();
    }

    private static void kill(Process engine) throws InterruptedException {
        engine.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close of the database
        assertTrue(engine.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, engine.exitValue(), "killed by SIGKILL");
    }

    @Test
    @Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void engineKilledAfterEachCase_nextCaseNumberFollowsTheLast() throws Exception {
        Path data = dir.resolve("data");
        List<String> numbers = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            int mqtt = Ports.free();
            int http = Ports.free();
            Process engine = start(data, mqtt, http);
            numbers.add(openCase(mqtt, http, "LRWNUMB000000000" + round));
            kill(engine);
        }
        assertEquals(List.of("SC-000001", "SC-000002", "SC-000003"), numbers);
    }
}

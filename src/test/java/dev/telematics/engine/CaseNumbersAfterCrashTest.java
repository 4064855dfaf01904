package dev.telematics.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.telematics.testing.EngineProcess;
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
        Process p = EngineProcess.start(dir, data, mqtt, http, "--insecure", "--max-rate", "0");
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
            EngineProcess.kill(engine);
        }
        assertEquals(List.of("SC-000001", "SC-000002", "SC-000003"), numbers);
    }
}

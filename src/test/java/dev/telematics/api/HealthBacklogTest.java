package dev.telematics.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseListener;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.engine.Engine;
import dev.telematics.engine.EngineConfig;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GET /health tells a load balancer to send new cars elsewhere while the processing backlog is over
 * its limit (503 DEGRADED, the backlog in the body), and takes them again once it has drained.
 */
class HealthBacklogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int CARS = 5;
    private static final int LIMIT = 3;

    private record Health(int status, JsonNode body) {
    }

    private static Health health(Engine engine) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.httpPort()
                + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        return new Health(r.statusCode(), JSON.readTree(r.body()));
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void backlogOverTheLimit_is503Degraded_andUpAgainOnceItDrains() throws Exception {
        // every worker is held on the first case it opens until the test lets go: the other cars' messages
        // wait in the queues, and the backlog (queued plus in hand) is one message per car
        CountDownLatch release = new CountDownLatch(1);
        CaseListener holdWorkers = new CaseListener() {
            @Override
            public void opened(DiagnosticCase c) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        EngineConfig config = TestEngines.config();
        Engine engine = TestEngines.started(Engine.builder(config.withHttp(config.http().withMaxBacklog(LIMIT)))
                .caseListener(holdWorkers));
        List<MqttTestClient> cars = new ArrayList<>();
        try {
            Health idle = health(engine);
            assertEquals(200, idle.status());
            assertEquals("UP", idle.body().path("status").asText());
            assertEquals(0, idle.body().path("backlog").asLong());
            assertEquals(LIMIT, idle.body().path("maxBacklog").asLong());

            long now = System.currentTimeMillis();
            for (int i = 1; i <= CARS; i++) {
                String vin = "LRWHLTH000000000" + i;
                MqttTestClient car = new MqttTestClient(engine.mqttPort(), vin);
                cars.add(car);
                car.publishAsync("vehicles/" + vin + "/dtc", "{\"ts\":" + now + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}");
            }
            AtomicReference<Health> degraded = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                degraded.set(health(engine));
                return degraded.get().status() == 503;
            });
            JsonNode body = degraded.get().body();
            assertEquals("DEGRADED", body.path("status").asText(), body.toString());
            assertTrue(body.path("backlog").asLong() > LIMIT, body.toString());
            assertEquals(engine.backlog(), body.path("backlog").asLong(), "the body says the engine's backlog");
            assertTrue(body.path("reason").asText().contains("wait for processing"), body.toString());

            release.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> health(engine).status() == 200);
            Health recovered = health(engine);
            assertEquals("UP", recovered.body().path("status").asText());
            assertEquals(0, recovered.body().path("backlog").asLong());
            assertEquals(CARS, engine.cases().workflow().countByStatus().values().stream().mapToLong(Long::longValue).sum(),
                    "every held message was processed");
        } finally {
            release.countDown();
            for (MqttTestClient car : cars) {
                car.close();
            }
            engine.close();
        }
    }

    @Test
    void limitZero_neverDegrades_andNotReadyIsStarting() {
        HealthCheck.Report busy = new HealthCheck(() -> true, () -> 1_000_000, 0).report();
        assertEquals(200, busy.httpStatus());
        assertEquals("UP", busy.body().get("status"));
        HealthCheck.Report atLimit = new HealthCheck(() -> true, () -> 3_000, 3_000).report();
        assertEquals(200, atLimit.httpStatus(), "at the limit is still UP");
        assertEquals(503, new HealthCheck(() -> true, () -> 3_001, 3_000).report().httpStatus());
        HealthCheck.Report starting = new HealthCheck(() -> false, () -> 5_000, 3_000).report();
        assertEquals(503, starting.httpStatus());
        assertEquals("STARTING", starting.body().get("status"));
        assertThrows(IllegalArgumentException.class, () -> EngineConfig.Http.DEFAULTS.withMaxBacklog(-1));
        assertEquals(3_000, EngineConfig.Http.DEFAULTS.maxBacklog());
    }
}

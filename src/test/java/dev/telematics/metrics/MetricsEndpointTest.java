package dev.telematics.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.engine.Engine;
import dev.telematics.handoff.RejectReason;
import dev.telematics.simulator.FleetSimulator;
import dev.telematics.simulator.Scenario;
import dev.telematics.simulator.ScenarioLoader;
import dev.telematics.simulator.SimulationReport;
import dev.telematics.simulator.SimulatorListener;
import dev.telematics.simulator.SimulatorOptions;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GET /metrics scraped over HTTP after a simulated fleet ran through a real engine. */
class MetricsEndpointTest {
    private static final Scenario SCENARIO = ScenarioLoader.parse("""
            name: metrics
            fleet: {size: 3, vinPrefix: LRWMETX}
            publishInterval: 100ms
            duration: 3s
            faults:
              - {vehicle: 2, at: 200ms, dtc: {ecu: BMS, codes: [P0AA6]}, expectRule: hv-isolation-fault}
            """, "metrics.yaml");

    /** The samples of the Prometheus text format: "name{labels}" -> value. */
    private static Map<String, Double> scrape(Engine engine) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + engine.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        Map<String, Double> m = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                m.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return m;
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void afterAFleetRun_theMetricsShowMessagesByKindRejectsFiringsCasesWarningsLatencyAndTheJvm() throws Exception {
        Engine engine = TestEngines.started(Engine.builder(TestEngines.config()));
        try {
            SimulationReport report;
            try (FleetSimulator fleet = new FleetSimulator(SCENARIO,
                    SimulatorOptions.of("tcp://127.0.0.1:" + engine.mqttPort()), Clock.systemUTC(), new SimulatorListener() { })) {
                report = fleet.run(Duration.ofSeconds(3));
            }
            try (MqttTestClient bad = new MqttTestClient(engine.mqttPort(), "bad-car")) {
                bad.publish("vehicles/LRWMETX0000000009/telemetry", "{not json");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> engine.idle()
                    && engine.ingestStats().rejectedCount(RejectReason.MALFORMED_JSON) == 1
                    && engine.delivery().published() >= 1);
            long telemetry = report.messagesAcknowledged() - report.dtcMessagesSent();

            Map<String, Double> m = scrape(engine);
            assertEquals((double) telemetry + 1, m.get("telematics_messages_received_total{kind=\"telemetry\"}"), m.toString());
            assertEquals(1.0, m.get("telematics_messages_received_total{kind=\"dtc\"}"));
            assertEquals(1.0, m.get("telematics_messages_rejected_total{reason=\"MALFORMED_JSON\"}"));
            assertEquals((double) telemetry + 1, m.get("telematics_messages_processed_total"));
            assertEquals(1.0, m.get("telematics_rule_firings_total{rule=\"hv-isolation-fault\"}"));
            assertTrue(m.get("telematics_rule_evaluations_total") > telemetry);
            assertEquals(1.0, m.get("telematics_cases{status=\"OPEN\"}"));
            assertEquals(0.0, m.get("telematics_cases{status=\"CLOSED\"}"));
            assertEquals((double) engine.delivery().published(), m.get("telematics_warnings_published_total"));
            assertEquals(0.0, m.get("telematics_ingest_backlog"));
            double processed = m.get("telematics_latency_seconds_count{stage=\"processing\"}");
            assertTrue(processed >= telemetry, "a processing latency per message: " + processed);
            assertEquals(processed, m.get("telematics_latency_seconds_bucket{stage=\"processing\",le=\"+Inf\"}"));
            assertTrue(m.get("telematics_latency_seconds_count{stage=\"vehicle_to_processed\"}") >= telemetry);
            assertTrue(m.containsKey("telematics_latency_seconds_sum{stage=\"warning_publish\"}"));
            assertTrue(m.keySet().stream().noneMatch(k -> k.startsWith("telematics_latency_ms")), "the old gauge is gone");
            assertEquals(0.0, m.get("telematics_archive_points_dropped_total"), "archive off: nothing dropped");
            assertTrue(m.get("telematics_broker_connections") >= 0);
            assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")), "JVM metrics");
            assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("jvm_gc_")), "GC metrics");

            // counters move: another message, another scrape
            try (MqttTestClient car = new MqttTestClient(engine.mqttPort(), "one-more")) {
                car.publish("vehicles/LRWMETX0000000001/telemetry", "{\"ts\":" + System.currentTimeMillis()
                        + ",\"signals\":{\"Vehicle.Speed\":10}}");
            }
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    scrape(engine).get("telematics_messages_received_total{kind=\"telemetry\"}") == telemetry + 2);
        } finally {
            engine.close();
        }
    }
}

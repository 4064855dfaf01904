package dev.telematics.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.engine.Engine;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.Promtool;
import dev.telematics.testing.TestEngines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GET /metrics of a real engine that processed real MQTT messages passes Debian's {@code promtool check metrics}
 * (package prometheus), and its latency histograms are real cumulative histograms. Skipped without promtool,
 * unless TELEMATICS_REQUIRE_PROMTOOL=1 (scripts/run-tests.sh sets it and installs the package).
 */
class MetricsPromtoolTest {
    private static final int MESSAGES = 25;
    private static final String HISTOGRAM = "telematics_latency_seconds";
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One line of the text format: name, labels, value. */
    private record Sample(String name, Map<String, String> labels, double value) {
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void afterRealMqttMessages_metricsPassPromtoolAndLatencyHistogramsAreCumulative() throws Exception {
        Promtool.path(); // skipped (or failed, when required) before an engine is started
        Engine engine = TestEngines.started(Engine.builder(TestEngines.config()));
        try {
            try (MqttTestClient car = new MqttTestClient(engine.mqttPort(), "promtool-car")) {
                for (int i = 0; i < MESSAGES; i++) {
                    car.publish("vehicles/LRWPRMT0000000001/telemetry", "{\"ts\":" + System.currentTimeMillis()
                            + ",\"signals\":{\"Vehicle.Speed\":" + i + "}}");
                }
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> engine.idle() && engine.ingestStats().processedCount() == MESSAGES);
            engine.resetLatencies(); // the JSON distributions start again; the Prometheus buckets must not
            String body = scrape(engine);

            Promtool.Check check = Promtool.checkMetrics(body);
            assertEquals("", check.complaints(), "promtool check metrics complaints");
            assertEquals(0, check.exitCode(), check.complaints());

            List<Sample> samples = parse(body);
            assertFalse(body.contains("telematics_latency_ms"), "the old quantile gauge is gone");
            for (String stage : List.of("queue_wait", "processing", "vehicle_to_processed", "warning_publish")) {
                assertCumulative(samples, stage);
            }
            assertEquals(MESSAGES, value(samples, HISTOGRAM + "_count", "processing"), "one processing latency per message");
            assertEquals(MESSAGES, value(samples, HISTOGRAM + "_count", "vehicle_to_processed"));
            assertTrue(value(samples, HISTOGRAM + "_sum", "processing") > 0, "the processing time adds up");
        } finally {
            engine.close();
        }
    }

    /** Buckets rise with le, never fall, and le="+Inf" is the _count. */
    private static void assertCumulative(List<Sample> samples, String stage) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (Sample s : samples) {
            if (s.name().equals(HISTOGRAM + "_bucket") && stage.equals(s.labels().get("stage"))) {
                buckets.put(Double.parseDouble(s.labels().get("le").replace("+Inf", "Infinity")), s.value());
            }
        }
        assertTrue(buckets.size() >= 10, stage + ": buckets " + buckets);
        assertEquals(0.001, buckets.firstKey(), stage + ": the first bucket is 1 ms");
        assertEquals(Double.POSITIVE_INFINITY, buckets.lastKey(), stage + ": a +Inf bucket");
        double previous = 0;
        for (Map.Entry<Double, Double> b : buckets.entrySet()) {
            assertTrue(b.getValue() >= previous, stage + ": cumulative buckets never fall " + buckets);
            previous = b.getValue();
        }
        assertEquals(value(samples, HISTOGRAM + "_count", stage), buckets.lastEntry().getValue(), stage + ": +Inf = _count");
    }

    private static double value(List<Sample> samples, String name, String stage) {
        return samples.stream().filter(s -> s.name().equals(name) && stage.equals(s.labels().get("stage")))
                .mapToDouble(Sample::value).findFirst().orElseThrow(() -> new AssertionError("no " + name + " for " + stage));
    }

    private static List<Sample> parse(String body) {
        List<Sample> samples = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "a sample line: " + line);
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3).replace("+Inf", "Infinity"))));
        }
        return samples;
    }

    private static String scrape(Engine engine) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + engine.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }
}

package dev.telematics.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseQuery;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reproduction of issue 14's evidence flood, on a real engine (embedded broker, H2 file, one processing
 * worker so that both cars share it): a car sends 71 DTC reports of 500 codes each over 64 ECUs (about
 * 290 KB), each making a rule fire, while a well-behaved car on the same worker sends telemetry. The case
 * the flood fed stays small, the H2 file grows by a bounded amount, and the well-behaved car's messages are
 * processed about as fast as without the flood (the engine's own record: car timestamp to processed).
 * Figures are written to {@code target/evidence-flood.txt} (docs/performance.md).
 */
class EvidenceFloodTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLOODER = "LRWFLDX0000000001";
    private static final String GOOD = "LRWGUDC0000000001";
    static final int MESSAGES = 71;
    static final int ECUS = 64;
    static final int CODES = 500;

    @TempDir
    Path dir;

    /** ECU {@code i mod 64} reports 499 manufacturer codes and the code that fires: U0100 on the first pass, U0111 after. */
    static String floodReport(int i, long ts) {
        StringBuilder b = new StringBuilder("{\"ts\":").append(ts).append(",\"ecu\":\"ECU").append(i % ECUS)
                .append("\",\"format\":\"j2012\",\"dtcs\":[\"").append(i / ECUS % 2 == 0 ? "U0100" : "U0111").append('"');
        for (int k = 0; k < CODES - 1; k++) {
            b.append(",\"").append(String.format(Locale.ROOT, "P1%03X", k)).append('"');
        }
        return b.append("]}").toString();
    }

    private static String telemetry(long ts, long seq) {
        return "{\"ts\":" + ts + ",\"seq\":" + seq + ",\"signals\":{\"Vehicle.Speed\":42,"
                + "\"Vehicle.LowVoltageBattery.CurrentVoltage\":12.6}}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> latency(Engine e, String name) {
        return (Map<String, Object>) ((Map<String, Object>) e.statsSnapshot().get("latency")).get(name);
    }

    private static double d(Map<String, Object> m, String k) {
        return ((Number) m.get(k)).doubleValue();
    }

    /** The well-behaved car sends {@code n} samples, each waiting for its PUBACK, 50 ms apart. */
    private static List<Long> goodCar(MqttTestClient car, long seq0, int n, AtomicBoolean until) throws Exception {
        List<Long> ackMs = new ArrayList<>();
        for (int i = 0; i < n || (until != null && !until.get()); i++) {
            long t0 = System.nanoTime();
            IMqttToken t = car.publishAsync("vehicles/" + GOOD + "/telemetry",
                    telemetry(System.currentTimeMillis(), seq0 + i));
            t.waitForCompletion(120_000);
            ackMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            int[] reason = t.getReasonCodes();
            assertTrue(reason == null || reason.length == 0 || reason[0] < 0x80, "PUBACK " + reason[0]); // 0x10: no subscriber
            long pause = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            while (System.nanoTime() < pause) {
                Thread.onSpinWait(); // pacing of the car, not waiting for the engine
            }
        }
        return ackMs;
    }

    @Test
    @Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void floodOfDtcReports_keepsTheCaseSmall_andAnotherCarOnTheSameWorkerPrompt() throws Exception {
        EngineConfig c = TestEngines.config();
        EngineConfig.Ingest i = c.ingest();
        c = c.withIngest(new EngineConfig.Ingest(i.maxPayloadBytes(), i.maxClockSkew(), i.maxSampleAge(), 1,
                i.queueCapacity(), i.queueTimeout(), Duration.ofSeconds(120)));
        Path data = dir.resolve("data");
        Path h2 = data.resolve("telematics.mv.db");
        List<Long> floodAckMs = Collections.synchronizedList(new ArrayList<>());
        try (EngineDatabase db = EngineDatabase.embedded(data)) {
            Engine engine = TestEngines.started(Engine.builder(c).database(db));
            try (MqttTestClient good = new MqttTestClient(engine.mqttPort(), GOOD);
                 MqttTestClient flooder = new MqttTestClient(engine.mqttPort(), FLOODER)) {
                goodCar(good, 1, 20, null); // warm-up
                engine.resetLatencies();
                goodCar(good, 100, 60, null);
                Map<String, Object> alone = latency(engine, "vehicleToProcessedMs");
                engine.resetLatencies();
                long h2Before = Files.size(h2);

                AtomicBoolean floodDone = new AtomicBoolean();
                CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                    try {
                        for (int m = 0; m < MESSAGES; m++) {
                            long t0 = System.nanoTime();
                            IMqttToken t = flooder.publishAsync("vehicles/" + FLOODER + "/dtc",
                                    floodReport(m, System.currentTimeMillis()));
                            t.waitForCompletion(120_000);
                            int[] reason = t.getReasonCodes();
                            assertTrue(reason == null || reason.length == 0 || reason[0] < 0x80, "PUBACK " + reason[0]);
                            floodAckMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        floodDone.set(true);
                    }
                });
                List<Long> goodAcks = goodCar(good, 1000, 60, floodDone);
                flood.join();
                Map<String, Object> flooded = latency(engine, "vehicleToProcessedMs");
                Map<String, Object> processing = latency(engine, "processingMs");
                long h2After = Files.size(h2);

                List<DiagnosticCase> cases = engine.cases().workflow().list(
                        new CaseQuery(null, null, FLOODER, null, null, null, null, 0, 100));
                DiagnosticCase biggest = null;
                long biggestBytes = 0;
                for (DiagnosticCase dc : cases) {
                    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + engine.httpPort() + "/api/cases/" + dc.number())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode(), r.body());
                    if (r.body().length() > biggestBytes) {
                        biggestBytes = r.body().length();
                        biggest = dc;
                    }
                }
                JsonNode latest = JSON.valueToTree(Map.of("dtcs", biggest.latestEvidence().dtcs().size()));
                long floodMax = floodAckMs.stream().mapToLong(Long::longValue).max().orElse(0);
                String figures = String.format(Locale.ROOT, "flood: %d DTC reports of %d codes over %d ECUs%n"
                                + "cases of the flooding car: %d; largest case JSON (GET /api/cases/{ref}): %d bytes, "
                                + "latest evidence DTCs: %s%n"
                                + "H2 file: %d -> %d bytes (+%d)%n"
                                + "flood message PUBACK ms: p50 %d, max %d; engine processingMs (both cars): %s%n"
                                + "well-behaved car vehicleToProcessedMs alone: %s%n"
                                + "well-behaved car vehicleToProcessedMs during the flood: %s%n"
                                + "well-behaved car PUBACK ms during the flood: max %d over %d messages%n",
                        MESSAGES, CODES, ECUS, cases.size(), biggestBytes, latest.get("dtcs"), h2Before, h2After,
                        h2After - h2Before, floodAckMs.stream().sorted().toList().get(floodAckMs.size() / 2), floodMax,
                        processing, alone, flooded, goodAcks.stream().mapToLong(Long::longValue).max().orElse(0),
                        goodAcks.size());
                System.out.println(figures);
                Files.writeString(Path.of("target", "evidence-flood.txt"), figures);
                assertTrue(floodAckMs.size() == MESSAGES);
                assertTrue(d(flooded, "count") > 0);
            } finally {
                engine.close();
            }
        }
    }
}

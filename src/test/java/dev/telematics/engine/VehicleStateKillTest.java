package dev.telematics.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseDatabase;
import dev.telematics.state.JdbcVehicleStateStore;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.EngineProcess;
import dev.telematics.testing.Ports;
import dev.telematics.vehicle.VehicleSnapshot;
import dev.telematics.vehicle.VehicleSnapshotCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine ({@code run --data-dir --snapshot-interval 1s}) in a JVM of its own, killed with SIGKILL while
 * a car publishes: the vehicle state in the database holds every sample acknowledged more than one snapshot
 * interval (plus the time a snapshot takes) before the kill, and the next start restores it.
 */
class VehicleStateKillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String VIN = "LRWKSTP0000000001";
    private static final long INTERVAL_MS = 1_000;
    /** Time a snapshot of one car may take and the timer's lateness on a busy machine. */
    private static final long SLACK_MS = 1_500;

    @TempDir
    Path dir;

    private record Acked(long atNanos, long ts) {
    }

    private Process start(Path data, int mqtt, int http) throws Exception {
        return EngineProcess.start(dir, data, mqtt, http, "--insecure", "--snapshot-interval", INTERVAL_MS + "ms");
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode vehicleState(int http) throws Exception {
        return JSON.readTree(get(http, "/api/stats").body()).path("vehicleState");
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void engineKilledWithSigkill_losesAtMostOneSnapshotIntervalOfVehicleState() throws Exception {
        Path data = dir.resolve("data");
        int http = Ports.free();
        int mqtt = Ports.free();
        Process engine = start(data, mqtt, http);
        ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
        long base = System.currentTimeMillis() - 600_000;
        AtomicInteger n = new AtomicInteger();
        long killedAt;
        ScheduledExecutorService load = Executors.newScheduledThreadPool(1);
        try (MqttTestClient car = new MqttTestClient(mqtt, VIN)) {
            load.scheduleWithFixedDelay(() -> {
                long ts = base + n.incrementAndGet() * 100L;
                try {
                    car.publish("vehicles/" + VIN + "/telemetry", "{\"ts\":" + ts
                            + ",\"signals\":{\"Vehicle.Speed\":" + (ts % 1000) / 10.0 + "}}"); // QoS 1: once processed
                    acked.add(new Acked(System.nanoTime(), ts));
                } catch (Exception e) {
                    // the engine is gone (killed): nothing more to send
                }
            }, 0, 100, TimeUnit.MILLISECONDS); // within the default 20 messages per second of a car
            // let several snapshots happen while the car publishes, then kill mid-stream
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> vehicleState(http).path("snapshotsWritten").asInt() >= 4
                        && vehicleState(http).path("vehiclesSaved").asInt() >= 3);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("no snapshots while the car published: " + vehicleState(http) + ", "
                        + acked.size() + " acknowledged; engine log: " + Files.readString(dir.resolve("engine-" + http + ".log")), e);
            }
            killedAt = System.nanoTime();
            engine.destroyForcibly(); // SIGKILL: no shutdown hook, no last snapshot
            assertTrue(engine.waitFor(30, TimeUnit.SECONDS));
        } finally {
            load.shutdownNow();
        }
        assertEquals(137, engine.exitValue(), "killed by SIGKILL");

        long due = killedAt - TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS + SLACK_MS);
        long mustHave = acked.stream().filter(a -> a.atNanos() < due).mapToLong(Acked::ts).max().orElseThrow();
        long lastAcked = acked.stream().mapToLong(Acked::ts).max().orElseThrow();
        VehicleSnapshot saved;
        try (CaseDatabase db = CaseDatabase.embedded(data)) {
            List<VehicleSnapshot> rows = new ArrayList<>();
            VehicleSnapshotCodec codec = new VehicleSnapshotCodec();
            new JdbcVehicleStateStore(db.dataSource()).loadVehicles(r -> rows.add(codec.decode(r.bytes())));
            assertEquals(1, rows.size());
            saved = rows.get(0);
        }
        assertTrue(saved.lastTimestamp() >= mustHave, "saved up to " + saved.lastTimestamp() + ", acknowledged "
                + (INTERVAL_MS + SLACK_MS) + " ms before the kill: " + mustHave);
        assertEquals((saved.lastTimestamp() - base) / 100, saved.samples(), "every sample up to the saved one");
        assertTrue(saved.histories().get("Vehicle.Speed").timestamps().length > 0);
        assertTrue(lastAcked >= saved.lastTimestamp());

        int http2 = Ports.free();
        Process again = start(data, Ports.free(), http2);
        try {
            assertEquals(1, vehicleState(http2).path("restoredAtStart").asInt(), vehicleState(http2).toString());
        } finally {
            again.destroy();
            assertTrue(again.waitFor(60, TimeUnit.SECONDS));
        }
    }
}

package dev.telematics.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acknowledgement contract, proven with kill -9: the engine ({@code run --data-dir}, embedded H2) runs
 * in a JVM of its own, cars publish QoS 1 fault reports with a real MQTT 5 client, and the engine is killed
 * with SIGKILL from inside a PUBACK callback. After a restart on the same data folder, every fault report
 * whose PUBACK a car received (with a success reason code) is in the cases: nothing acknowledged is lost.
 */
class AcknowledgementContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** The MQTT port each engine process was started with. */
    private final Map<Process, Integer> mqttPorts = new ConcurrentHashMap<>();

    private Process start(Path data, int mqtt, int http) throws Exception {
        Process p = EngineProcess.start(dir, data, mqtt, http, "--insecure", "--max-rate", "0");
        mqttPorts.put(p, mqtt);
        return p;
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Occurrences of every case of each car, by VIN (cars without a case: absent). */
    private static Map<String, Integer> occurrencesByVin(int http, List<String> vins) throws Exception {
        Map<String, Integer> out = new ConcurrentHashMap<>();
        for (String vin : vins) {
            JsonNode cases = JSON.readTree(get(http, "/api/cases?vin=" + vin + "&limit=100").body()).path("cases");
            int n = 0;
            for (JsonNode c : cases) {
                n += c.path("occurrences").asInt();
            }
            if (n > 0) {
                out.put(vin, n);
            }
        }
        return out;
    }

    private static Mqtt5AsyncClient car(int port, String vin) throws Exception {
        Mqtt5AsyncClient c = Mqtt5Client.builder().identifier(vin).serverHost("127.0.0.1").serverPort(port).buildAsync();
        c.connectWith().cleanStart(true).keepAlive(30).send().get(10, TimeUnit.SECONDS);
        return c;
    }

    private static CompletableFuture<Mqtt5PublishResult> publishDtc(Mqtt5AsyncClient c, String vin, long ts, boolean present) {
        String body = "{\"ts\":" + ts + ",\"ecu\":\"BMS\",\"format\":\"j2012\",\"dtcs\":[" + (present ? "\"P0AA6\"" : "") + "]}";
        return c.publishWith().topic("vehicles/" + vin + "/dtc").qos(MqttQos.AT_LEAST_ONCE)
                .payload(body.getBytes(StandardCharsets.UTF_8)).send();
    }

    /** A PUBACK that tells the car its message was taken (MQTT 5 success codes are below 0x80). */
    private static boolean taken(Mqtt5PublishResult r, Throwable err) {
        if (err != null || r == null || r.getError().isPresent()) {
            return false;
        }
        return r instanceof Mqtt5PublishResult.Mqtt5Qos1Result q
                && !q.getPubAck().getReasonCode().isError()
                && q.getPubAck().getReasonCode() != Mqtt5PubAckReasonCode.QUOTA_EXCEEDED;
    }

    private static List<String> vins(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(String.format("%s%07d", prefix, i));
        }
        return out;
    }

    private static void kill(Process engine) throws InterruptedException {
        engine.destroyForcibly(); // SIGKILL: no shutdown hook, no drain, no flush
        assertTrue(engine.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, engine.exitValue(), "killed by SIGKILL");
    }

    @Test
    @Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void criticalFaultKilledAtItsPuback_opensItsCaseAfterRestart() throws Exception {
        Path data = dir.resolve("data");
        int http = Ports.free();
        Process engine = start(data, Ports.free(), http);
        for (int round = 1; round <= 3; round++) {
            // 20 cars report the critical P0AA6 at the same moment; the first PUBACK to arrive kills the engine
            List<String> vins = vins("LRWACK" + round + "000", 20);
            int port = mqttPortOf(engine);
            List<Mqtt5AsyncClient> cars = new ArrayList<>();
            for (String vin : vins) {
                cars.add(car(port, vin));
            }
            Process running = engine;
            AtomicBoolean killed = new AtomicBoolean();
            Map<String, Boolean> acked = new ConcurrentHashMap<>();
            long ts = System.currentTimeMillis();
            for (int i = 0; i < vins.size(); i++) {
                String vin = vins.get(i);
                publishDtc(cars.get(i), vin, ts, true).whenComplete((r, err) -> {
                    if (taken(r, err)) {
                        acked.put(vin, true);
                        if (killed.compareAndSet(false, true)) {
                            running.destroyForcibly();
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> killed.get() || !running.isAlive());
            kill(running);
            assertTrue(!acked.isEmpty(), "at least one car got its PUBACK before the kill");
            cars.forEach(c -> c.disconnect());

            http = Ports.free();
            engine = start(data, Ports.free(), http);
            Map<String, Integer> found = occurrencesByVin(http, vins);
            for (String vin : acked.keySet()) {
                assertTrue(found.getOrDefault(vin, 0) >= 1, "round " + round + ": " + vin
                        + " got a PUBACK for P0AA6 but has no case after kill -9 (acked " + acked.keySet()
                        + ", cases " + found + ")");
            }
        }
        engine.destroy();
        engine.waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fleetBurstKilledMidStream_losesNoAcknowledgedFaultReport() throws Exception {
        Path data = dir.resolve("data");
        int http = Ports.free();
        Process engine = start(data, Ports.free(), http);
        int port = mqttPortOf(engine);
        // 40 cars, each reporting P0AA6 present / cleared in turn at 20 messages a second: every present report
        // after a cleared one is a new episode of the fault, which adds an occurrence to the car's case
        List<String> vins = vins("LRWBRST000", 40);
        List<Mqtt5AsyncClient> cars = new ArrayList<>();
        for (String vin : vins) {
            cars.add(car(port, vin));
        }
        Map<String, AtomicInteger> ackedPresent = new ConcurrentHashMap<>();
        vins.forEach(v -> ackedPresent.put(v, new AtomicInteger()));
        AtomicLong acked = new AtomicLong();
        AtomicLong sentCount = new AtomicLong();
        AtomicBoolean killed = new AtomicBoolean();
        Process running = engine;
        long start = System.currentTimeMillis();
        for (int tick = 0; tick < 200 && !killed.get(); tick++) { // at most 10 s at 20 messages a second per car
            boolean present = tick % 2 == 0;
            long ts = start + tick * 50L;
            for (int i = 0; i < vins.size(); i++) {
                String vin = vins.get(i);
                sentCount.incrementAndGet();
                publishDtc(cars.get(i), vin, ts, present).whenComplete((r, err) -> {
                    if (taken(r, err) && !killed.get()) {
                        if (present) {
                            ackedPresent.get(vin).incrementAndGet();
                        }
                        // kill -9 at the moment of the 1,500th PUBACK, while the fleet keeps publishing
                        if (acked.incrementAndGet() >= 1_500 && killed.compareAndSet(false, true)) {
                            running.destroyForcibly();
                        }
                    }
                });
            }
            long next = start + (tick + 1) * 50L;
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5))
                    .until(() -> System.currentTimeMillis() >= next || killed.get());
        }
        await().atMost(Duration.ofSeconds(30)).until(killed::get);
        kill(running);
        cars.forEach(c -> c.disconnect());
        long totalAckedPresent = ackedPresent.values().stream().mapToInt(AtomicInteger::get).sum();
        assertTrue(totalAckedPresent >= 500, "the fleet had fault reports acknowledged before the kill: " + totalAckedPresent);
        assertTrue(sentCount.get() > acked.get(), "messages were still under way at the kill: sent " + sentCount
                + ", acknowledged " + acked);

        int http2 = Ports.free();
        Process again = start(data, Ports.free(), http2);
        try {
            Map<String, Integer> found = occurrencesByVin(http2, vins);
            List<String> lost = new ArrayList<>();
            long occurrences = 0;
            for (String vin : vins) {
                int want = ackedPresent.get(vin).get();
                int have = found.getOrDefault(vin, 0);
                occurrences += have;
                if (have < want) {
                    lost.add(vin + ": acknowledged " + want + ", in its case " + have);
                }
            }
            assertTrue(lost.isEmpty(), "acknowledged fault reports lost by kill -9: " + lost);
            System.out.printf("fleet burst: %d sent, %d acknowledged (%d fault reports), %d occurrences after restart%n",
                    sentCount.get(), acked.get(), totalAckedPresent, occurrences);
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private int mqttPortOf(Process p) {
        return mqttPorts.get(p);
    }
}

package dev.telematics.cluster;

import static dev.telematics.cluster.ClusterEndToEndTest.assertSuccess;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telematics.testing.EngineProcess;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestKafka;
import dev.telematics.testing.TestPostgres;
import dev.telematics.topic.MessageKind;
import dev.telematics.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a cluster node while cars publish: the other node takes its partitions with their state (changelog,
 * then the records after the last checkpoint processed again), every acknowledged message is in the cars' state
 * exactly once, no case or warning is doubled, and a forecast whose trend began before the kill fires when an
 * undisturbed car's does.
 */
class ClusterFailoverTest {
    private static final int MESSAGES = 100; // within the 120-point history, so the state shows every message
    private static final String SOH = "Vehicle.Powertrain.TractionBattery.StateOfHealth";
    private static final int DAYS = 28;
    private static final int DAYS_BEFORE_KILL = 10;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void nodeKilledWithSigkill_everyAcknowledgedMessageProcessedOnce_noSecondCaseOrWarning_forecastOnTime() throws Exception {
        try (ClusterNodes cluster = new ClusterNodes(TestKafka.shared().bootstrap(), TestPostgres.freshSchemaUrl(),
                "failover" + System.nanoTime(), 4, dir)) {
            ClusterNodes.Node a = cluster.start("a", "--checkpoint-interval", "3s");
            ClusterNodes.Node b = cluster.start("b", "--checkpoint-interval", "3s");
            cluster.awaitBalanced(a, b);
            List<Integer> ofA = cluster.partitionsOf(a);
            List<Integer> ofB = cluster.partitionsOf(b);
            String forecastCar = cluster.vinIn(ofA, "LRWFCST", 0);  // its state moves with the kill
            String controlCar = cluster.vinIn(ofB, "LRWFCST", 0);   // the same trend, never disturbed
            String faultCar = cluster.vinIn(ofA, "LRWFALT", 0);
            List<String> loadVins = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                loadVins.add(cluster.vinIn(ofA, "LRWL0AD", i));
                loadVins.add(cluster.vinIn(ofB, "LRWL0AD", i));
            }
            try (MqttTestClient app = new MqttTestClient(b.mqtt(), "owner-app-test")) { // consent, to read the state
                for (String vin : loadVins) {
                    assertSuccess(app.publishForReason(Topics.uplink(vin, MessageKind.OWNER_CONSENT),
                            "{\"remoteDiagnostics\":true}"));
                }
            }
            long dayZero = System.currentTimeMillis() - Duration.ofDays(DAYS).toMillis();
            try (MqttTestClient f = new MqttTestClient(b.mqtt(), forecastCar);
                 MqttTestClient c = new MqttTestClient(b.mqtt(), controlCar);
                 MqttTestClient d = new MqttTestClient(b.mqtt(), faultCar)) {
                d.subscribe(Topics.warnings(faultCar));
                for (int day = 0; day < DAYS_BEFORE_KILL; day++) {
                    assertSuccess(f.publishForReason(Topics.telemetry(forecastCar), soh(dayZero, day)));
                    assertSuccess(c.publishForReason(Topics.telemetry(controlCar), soh(dayZero, day)));
                }
                long checkpoints = cluster.stats(a).path("cluster").path("processing").path("checkpoints").asLong();
                await().atMost(Duration.ofSeconds(20)).until(() -> // the trend so far is in the changelog
                        cluster.stats(a).path("cluster").path("processing").path("checkpoints").asLong() > checkpoints);
                assertEquals(0, cluster.casesOf(b, controlCar).size(), "the forecast has not fired before the kill");

                // the load: six cars, QoS 1, each on the node the balancer gives it; A's cars move to B when A dies
                boolean[] aDead = {false};
                ExecutorService load = Executors.newFixedThreadPool(loadVins.size());
                List<SequencedCar> cars = new ArrayList<>();
                long base = System.currentTimeMillis() - 200_000;
                for (int i = 0; i < loadVins.size(); i++) {
                    int first = i % 2 == 0 ? a.mqtt() : b.mqtt();
                    SequencedCar car = new SequencedCar(loadVins.get(i), MESSAGES, base,
                            () -> aDead[0] ? b.mqtt() : first);
                    cars.add(car);
                    load.execute(car);
                }
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        cars.stream().mapToInt(s -> s.acked.size()).sum() >= MESSAGES * loadVins.size() / 3);
                // a fault processed on A just before the kill: after its last checkpoint, so B processes it again
                assertSuccess(d.publishForReason(Topics.dtc(faultCar), ClusterNodes.dtc(System.currentTimeMillis(), "P0AA6")));
                await().atMost(Duration.ofSeconds(20)).until(() -> d.received().size() == 1);

                EngineProcess.kill(a.process());
                aDead[0] = true;
                await().atMost(Duration.ofSeconds(60)).until(() -> cluster.partitionsOf(b).size() == 4);

                for (int day = DAYS_BEFORE_KILL; day <= DAYS; day++) {
                    assertSuccess(f.publishForReason(Topics.telemetry(forecastCar), soh(dayZero, day)));
                    assertSuccess(c.publishForReason(Topics.telemetry(controlCar), soh(dayZero, day)));
                }
                load.shutdown();
                assertTrue(load.awaitTermination(120, TimeUnit.SECONDS), "the cars sent all their messages");
                for (SequencedCar car : cars) {
                    assertNull(car.failed, car.vin + " failed: " + car.failed);
                    assertEquals(MESSAGES, car.acked.size(), car.vin + " got every PUBACK in the end");
                }
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        cluster.stats(b).path("cluster").path("processing").path("consumerLag").asLong() == 0
                                && lastSequences(cluster, b, loadVins));

                // every acknowledged message is in its car's state once: the history holds each sequence number once
                for (SequencedCar car : cars) {
                    JsonNode state = cluster.get(b, "/api/vehicles/" + car.vin + "/state");
                    List<Integer> seen = new ArrayList<>();
                    state.path("history").path(SequencedCar.SIGNAL).forEach(p -> seen.add(p.get(1).asInt()));
                    for (int seq = 1; seq <= MESSAGES; seq++) {
                        assertTrue(seen.contains(seq), car.vin + " acknowledged message " + seq + " is not in its state: " + seen);
                    }
                    assertEquals(MESSAGES, seen.size(), car.vin + ": each message once in the history " + seen);
                    assertEquals(MESSAGES, state.path("samples").asInt(), car.vin + ": applied once each");
                }
                // the fault processed before the kill and again after it: one case, one occurrence, one warning
                JsonNode faultCases = cluster.casesOf(b, faultCar);
                assertEquals(1, faultCases.size(), faultCases.toString());
                assertEquals(1, faultCases.get(0).path("occurrences").asInt(), "no second occurrence: " + faultCases);
                JsonNode bStats = cluster.stats(b).path("cluster");
                assertTrue(bStats.path("state").path("vehiclesRestored").asLong() >= 1, "B restored A's cars: " + bStats);
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> d.received().size() == 1);

                // the forecast: one case each, fired on the same car day, after the kill
                await().atMost(Duration.ofSeconds(30)).until(() -> cluster.casesOf(b, controlCar).size() == 1
                        && cluster.casesOf(b, forecastCar).size() == 1);
                String controlNumber = cluster.casesOf(b, controlCar).get(0).path("number").asText();
                String movedNumber = cluster.casesOf(b, forecastCar).get(0).path("number").asText();
                Instant controlFired = Instant.parse(cluster.get(b, "/api/cases/" + controlNumber)
                        .path("evidence").path("vehicleTime").asText());
                Instant movedFired = Instant.parse(cluster.get(b, "/api/cases/" + movedNumber)
                        .path("evidence").path("vehicleTime").asText());
                assertEquals(controlFired, movedFired, "the moved car's forecast fires on the undisturbed car's day");
                assertTrue(movedFired.toEpochMilli() >= dayZero + Duration.ofDays(DAYS_BEFORE_KILL).toMillis(),
                        "fired after the kill, from a trend that began before it");
            }
        }
    }

    private static boolean lastSequences(ClusterNodes cluster, ClusterNodes.Node b, List<String> vins) throws Exception {
        for (String vin : vins) {
            if (cluster.get(b, "/api/vehicles/" + vin + "/state").path("lastSequence").asInt() != MESSAGES) {
                return false;
            }
        }
        return true;
    }

    private static String soh(long dayZero, int day) {
        double value = 82.9 - (82.9 - 80.8) * day / DAYS;
        return "{\"ts\":" + (dayZero + Duration.ofDays(day).toMillis()) + ",\"signals\":{\"" + SOH + "\":" + value + "}}";
    }
}

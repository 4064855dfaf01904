package dev.telematics.cluster;

import static dev.telematics.cluster.ClusterEndToEndTest.assertSuccess;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestKafka;
import dev.telematics.testing.TestPostgres;
import dev.telematics.topic.MessageKind;
import dev.telematics.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka stopped while cars publish: the cars are refused (0x97) and keep their messages, nothing acknowledged
 * is lost, and processing goes on from where it was when Kafka is back.
 */
class KafkaOutageTest {
    private static final int MESSAGES = 60;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void kafkaStoppedDuringLoad_carsRefused_nothingAcknowledgedLost_processingResumes() throws Exception {
        TestKafka kafka = TestKafka.own(Files.createDirectories(dir.resolve("kafka")));
        try (ClusterNodes cluster = new ClusterNodes(kafka.bootstrap(), TestPostgres.freshSchemaUrl(),
                "outage" + System.nanoTime(), 2, dir)) {
            ClusterNodes.Node node = cluster.start("solo", "--kafka-timeout", "2s");
            cluster.awaitBalanced(node);
            List<String> vins = List.of(cluster.vinIn(List.of(0, 1), "LRWKAFK", 0), cluster.vinIn(List.of(0, 1), "LRWKAFK", 1));
            try (MqttTestClient app = new MqttTestClient(node.mqtt(), "owner-app-test")) {
                for (String vin : vins) {
                    assertSuccess(app.publishForReason(Topics.uplink(vin, MessageKind.OWNER_CONSENT),
                            "{\"remoteDiagnostics\":true}"));
                }
            }
            long base = System.currentTimeMillis() - 200_000;
            List<SequencedCar> cars = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (String vin : vins) {
                SequencedCar car = new SequencedCar(vin, MESSAGES, base, node::mqtt);
                cars.add(car);
                Thread t = new Thread(car, "car-" + vin);
                threads.add(t);
                t.start();
            }
            // Kafka goes away a third of the way in
            await().atMost(Duration.ofSeconds(60)).until(() -> cars.stream().allMatch(c -> c.acked.size() >= MESSAGES / 3));
            kafka.stop();
            int ackedAtStop = cars.stream().mapToInt(c -> c.acked.size()).sum();
            await().atMost(Duration.ofSeconds(60)).until(() -> cars.stream().allMatch(c -> c.refusals.size() >= 2));
            int ackedWhileDown = cars.stream().mapToInt(c -> c.acked.size()).sum() - ackedAtStop;
            assertTrue(ackedWhileDown <= vins.size(), "at most the message in flight at the stop is acked while Kafka "
                    + "is away (Kafka took it before it stopped); got " + ackedWhileDown);
            kafka.start();
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(120).toMillis());
            }
            for (SequencedCar car : cars) {
                assertNull(car.failed, car.vin + ": " + car.failed);
                assertEquals(MESSAGES, car.acked.size(), car.vin + " got every PUBACK once Kafka was back");
                assertTrue(car.refusals.stream().allMatch(r -> r == 0x97), car.vin + " was refused with 0x97 only: "
                        + car.refusals);
            }
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> vins.stream().allMatch(v -> {
                try {
                    return cluster.get(node, "/api/vehicles/" + v + "/state").path("lastSequence").asInt() == MESSAGES;
                } catch (Exception e) {
                    return false;
                }
            }));
            for (SequencedCar car : cars) {
                JsonNode state = cluster.get(node, "/api/vehicles/" + car.vin + "/state");
                List<Integer> seen = new ArrayList<>();
                state.path("history").path(SequencedCar.SIGNAL).forEach(p -> seen.add(p.get(1).asInt()));
                for (int seq = 1; seq <= MESSAGES; seq++) {
                    assertTrue(seen.contains(seq), car.vin + " acknowledged message " + seq + " lost: " + seen);
                }
                assertEquals(MESSAGES, seen.size(), car.vin + ": each message once " + seen);
            }
            JsonNode refused = cluster.stats(node).path("cluster").path("edge").path("refusedByReason");
            assertTrue(refused.path("timeout").asLong() >= 4, "refusals counted by reason: " + refused);
        } finally {
            kafka.stop();
        }
    }
}

package dev.telematics.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.Promtool;
import dev.telematics.testing.TestKafka;
import dev.telematics.testing.TestPostgres;
import dev.telematics.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import dev.telematics.simulator.MessageCallback;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engine nodes, each its own JVM, on one real Kafka and one PostgreSQL; cars are real MQTT clients connected
 * to one node or the other. The node that holds a car's connection is not the node that processes its messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterEndToEndTest {
    @TempDir
    static Path dir;
    private ClusterNodes cluster;
    private ClusterNodes.Node a;
    private ClusterNodes.Node b;

    @BeforeAll
    void startTwoNodes() throws Exception {
        cluster = new ClusterNodes(TestKafka.shared().bootstrap(), TestPostgres.freshSchemaUrl(), "e2e" + System.nanoTime(),
                4, dir);
        a = cluster.start("a");
        b = cluster.start("b");
        cluster.awaitBalanced(a, b);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void faultFromCarOnNodeA_processedByNodeB_opensOneCase_andTheWarningReachesTheCarOnA() throws Exception {
        String vin = cluster.vinIn(cluster.partitionsOf(b), "LRWCLUA", 0);
        long appendedBefore = cluster.stats(a).path("cluster").path("edge").path("appended").asLong();
        try (MqttTestClient car = new MqttTestClient(a.mqtt(), vin)) {
            car.subscribe(Topics.warnings(vin));
            assertSuccess(car.publishForReason(Topics.dtc(vin), ClusterNodes.dtc(System.currentTimeMillis(), "P0AA6")));
            await().atMost(Duration.ofSeconds(30)).until(() -> !car.received().isEmpty());
            JsonNode cases = cluster.casesOf(b, vin);
            assertEquals(1, cases.size(), "exactly one case: " + cases);
            String number = cases.get(0).path("number").asText();
            assertTrue(car.received().get(0).payload().contains(number), "the warning names case " + number
                    + ": " + car.received().get(0).payload());
            assertEquals(1, cluster.casesOf(a, vin).size(), "node A sees the same case (shared PostgreSQL)");
        }
        assertTrue(cluster.stats(a).path("cluster").path("edge").path("appended").asLong() > appendedBefore,
                "node A's edge wrote the report to Kafka");
        assertTrue(cluster.stats(b).path("cluster").path("processing").path("partitions").toString()
                .contains(Integer.toString(cluster.partitionOf(vin))), "node B owns the car's partition");
        assertTrue(cluster.stats(a).path("cluster").path("downlink").path("delivered").asLong() >= 1,
                "node A delivered the warning it was routed");
    }

    @Test
    void warningForAnOfflineCar_isParked_andDeliveredWhenTheCarConnectsToTheOtherNode() throws Exception {
        String vin = cluster.vinIn(List.of(0, 1, 2, 3), "LRWCLUP", 0);
        // a workshop tester (not the car, not its owner: no presence) reports the car's fault while the car is off
        try (MqttTestClient tester = new MqttTestClient(a.mqtt(), "workshop-tester-1")) {
            assertSuccess(tester.publishForReason(Topics.dtc(vin), ClusterNodes.dtc(System.currentTimeMillis(), "P0AA6")));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.casesOf(a, vin).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> parkedTotal() >= 1);
        try (MqttTestClient car = new MqttTestClient(b.mqtt(), vin)) {
            car.subscribe(Topics.warnings(vin));
            await().atMost(Duration.ofSeconds(30)).until(() -> !car.received().isEmpty());
            String number = cluster.casesOf(b, vin).get(0).path("number").asText();
            assertTrue(car.received().get(0).payload().contains(number), car.received().get(0).payload());
        }
        assertTrue(cluster.stats(b).path("cluster").path("downlink").path("delivered").asLong() >= 1,
                "node B delivered the parked warning");
    }

    @Test
    void commandSentOnNodeB_reachesTheCarOnNodeA_andItsAnswerComesBackToB() throws Exception {
        String vin = cluster.vinIn(List.of(0, 1, 2, 3), "LRWCLUC", 0);
        MqttAsyncClient car = answeringCar(a.mqtt(), vin);
        try (MqttTestClient app = new MqttTestClient(a.mqtt(), "owner-app-" + vin)) {
            assertSuccess(app.publishForReason(Topics.uplink(vin, dev.telematics.topic.MessageKind.OWNER_CONSENT),
                    "{\"remoteDiagnostics\":true}"));
            assertSuccess(app.publishForReason(Topics.dtc(vin), ClusterNodes.dtc(System.currentTimeMillis(), "P0AA6")));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.casesOf(b, vin).size() == 1);
        String number = cluster.casesOf(b, vin).get(0).path("number").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.get(b, "/api/cases/" + number + "/consent")
                .path("remoteDiagnostics").asBoolean());
        JsonNode sent = cluster.post(b, "/api/cases/" + number + "/commands", "{\"command\":\"READ_DTCS\"}");
        String id = sent.path("id").asText();
        assertTrue(!id.isEmpty(), sent.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> "ANSWERED".equals(
                cluster.get(b, "/api/cases/" + number + "/commands/" + id).path("status").asText()));
        assertTrue(cluster.stats(a).path("cluster").path("commandAnswers").path("answersForwarded").asLong() >= 1,
                "node A forwarded the answer");
        car.disconnect().waitForCompletion(5_000);
        car.close();
    }

    @Test
    void clusterMetrics_passPromtool_andAddUpOverTheNodes() throws Exception {
        int owned = 0;
        for (ClusterNodes.Node n : List.of(a, b)) {
            String body = dev.telematics.testing.EngineProcess.get(n.http(), "/metrics").body();
            Promtool.Check check = Promtool.checkMetrics(body);
            assertEquals("", check.complaints(), "promtool check metrics on node " + n.id());
            assertEquals(0, check.exitCode(), check.complaints());
            assertTrue(body.contains("telematics_cluster_node_info{node=\"" + n.id() + "\"} 1"), body);
            for (String name : List.of("telematics_cluster_consumer_lag_records", "telematics_cluster_state_restore_seconds",
                    "telematics_downlink_total{result=\"parked\"}", "telematics_downlink_parked",
                    "telematics_edge_log_refusals_total{reason=\"timeout\"}")) {
                assertTrue(body.contains("\n" + name + " ") || body.contains("\n" + name + "{"), name + " on " + n.id());
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\ntelematics_cluster_partitions_owned (\\S+)")
                    .matcher(body);
            assertTrue(m.find(), "partitions owned on " + n.id());
            owned += (int) Double.parseDouble(m.group(1));
        }
        assertEquals(cluster.partitions, owned, "the nodes' partitions add up to the topic's");
    }

    /** A PUBACK with a success code (0x00, or 0x10 "no matching subscribers"): Kafka has the message. */
    static void assertSuccess(int reason) {
        assertTrue(reason < 0x80, "PUBACK success, got 0x" + Integer.toHexString(reason));
    }

    private long parkedTotal() throws Exception {
        return cluster.stats(a).path("cluster").path("downlink").path("parked").asLong()
                + cluster.stats(b).path("cluster").path("downlink").path("parked").asLong();
    }

    /** A car that answers every command request with {"status":"OK","dtcs":[]} on the request's response topic. */
    private static MqttAsyncClient answeringCar(int port, String vin) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + port, vin, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.setCallback(new MessageCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage msg) throws Exception {
                MqttProperties req = msg.getProperties();
                MqttMessage answer = new MqttMessage("{\"status\":\"OK\",\"dtcs\":[]}".getBytes(StandardCharsets.UTF_8));
                answer.setQos(1);
                MqttProperties p = new MqttProperties();
                p.setCorrelationData(req.getCorrelationData());
                answer.setProperties(p);
                c.publish(req.getResponseTopic(), answer);
            }
        });
        c.connect(o).waitForCompletion(10_000);
        IMqttToken sub = c.subscribe(Topics.commands(vin), 1);
        sub.waitForCompletion(10_000);
        return c;
    }
}

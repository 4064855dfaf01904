package dev.telematics.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.telematics.cases.CaseEventType;
import dev.telematics.cases.CaseQuery;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Owner acknowledgements through a running engine with real MQTT clients and the HTTP API: only a warning
 * the car was sent is acknowledged (once); invented ones get a failure PUBACK and are counted; and no
 * acknowledgement, real or invented, makes a technician's versioned change fail.
 */
class OwnerAcksEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CAR = "LRWXACK0000000001";
    private static final String OTHER_CAR = "LRWXACK0000000002";
    private Engine engine;

    @BeforeEach
    void start() {
        engine = TestEngines.started(Engine.builder(TestEngines.config()));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private Mqtt5AsyncClient ownerApp(String id) throws Exception {
        Mqtt5AsyncClient c = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(engine.mqttPort())
                .buildAsync();
        c.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
        return c;
    }

    private static CompletableFuture<Mqtt5PublishResult> ack(Mqtt5AsyncClient app, String vin, String warningId,
                                                             String caseNumber) {
        return app.publishWith().topic("vehicles/" + vin + "/warnings/ack").qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"warningId\":\"" + warningId + "\",\"caseNumber\":\"" + caseNumber + "\"}")
                        .getBytes(StandardCharsets.UTF_8)).send();
    }

    /** The PUBACK's reason code (the client reports an error code as a failed publish). */
    private static Mqtt5PubAckReasonCode reason(CompletableFuture<Mqtt5PublishResult> r) throws Exception {
        try {
            return ((Mqtt5PublishResult.Mqtt5Qos1Result) r.get(10, TimeUnit.SECONDS)).getPubAck().getReasonCode();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Mqtt5PubAckException refused) {
                return refused.getMqttMessage().getReasonCode();
            }
            throw e;
        }
    }

    private static void dtc(MqttTestClient car, String vin, boolean present) throws Exception {
        car.publish("vehicles/" + vin + "/dtc", "{\"ts\":" + System.currentTimeMillis() + ",\"ecu\":\"BMS\",\"dtcs\":["
                + (present ? "\"P0AA6\"" : "") + "]}");
    }

    private DiagnosticCase caseOf(String vin) {
        return engine.cases().workflow().list(new CaseQuery(null, null, vin, 10)).get(0);
    }

    private long ownerAckEvents(String vin) {
        return caseOf(vin).events().stream().filter(e -> e.type() == CaseEventType.OWNER_ACKNOWLEDGED).count();
    }

    private HttpResponse<String> http(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.httpPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Timeout(120)
    void ownerAppAcknowledgesTheWarningItGot_onceAndAgain_inventedAcksGetFailurePubacksAndAreCounted() throws Exception {
        Mqtt5AsyncClient app = ownerApp("owner-app");
        // the owner app acknowledges each warning the moment it arrives (before delivery has recorded it, often)
        AtomicReference<String> warningId = new AtomicReference<>();
        AtomicReference<CompletableFuture<Mqtt5PublishResult>> firstAck = new AtomicReference<>();
        app.subscribeWith().topicFilter("vehicles/" + CAR + "/warnings").qos(MqttQos.AT_LEAST_ONCE).callback(p -> {
            try {
                JsonNode w = JSON.readTree(p.getPayloadAsBytes());
                warningId.set(w.get("warningId").asText());
                firstAck.set(ack(app, CAR, w.get("warningId").asText(), w.get("caseNumber").asText()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).send().get(10, TimeUnit.SECONDS);
        try (MqttTestClient car = new MqttTestClient(engine.mqttPort(), "cars");
             org.eclipse.paho.client.mqttv3.MqttClient mqtt3 = new org.eclipse.paho.client.mqttv3.MqttClient(
                     "tcp://127.0.0.1:" + engine.mqttPort(), "owner-app-mqtt3",
                     new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence())) {
            dtc(car, CAR, true);
            dtc(car, OTHER_CAR, true);
            await().atMost(Duration.ofSeconds(20)).until(() -> firstAck.get() != null);
            assertFalse(reason(firstAck.get()).isError(), "the warning it got: " + reason(firstAck.get()));
            String number = caseOf(CAR).number();
            assertEquals(1, ownerAckEvents(CAR));
            await().atMost(Duration.ofSeconds(10)).until(() -> caseOf(CAR).work().ownerWarning(warningId.get()).sentAt() != null);
            assertNotNull(caseOf(CAR).work().ownerWarning(warningId.get()).acknowledgedAt());
            long stored = caseOf(CAR).storeVersion();

            // sent again (QoS 1 after a reconnect, a second device): success, nothing written
            assertFalse(reason(ack(app, CAR, warningId.get(), number)).isError());
            assertEquals(stored, caseOf(CAR).storeVersion());
            // invented: an unknown warning, another car's case, an unknown case
            assertEquals(Mqtt5PubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, reason(ack(app, CAR, "W-invented", number)));
            assertEquals(Mqtt5PubAckReasonCode.NOT_AUTHORIZED,
                    reason(ack(app, CAR, "W-any", caseOf(OTHER_CAR).number())));
            assertEquals(Mqtt5PubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, reason(ack(app, CAR, warningId.get(),
                    "SC-999999")));
            // an MQTT 3.1.1 app cannot be told a reason: acknowledged, counted, dropped, still connected
            org.eclipse.paho.client.mqttv3.MqttConnectOptions o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
            o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
            mqtt3.connect(o);
            mqtt3.publish("vehicles/" + CAR + "/warnings/ack", ("{\"warningId\":\"W-mqtt3\",\"caseNumber\":\"" + number
                    + "\"}").getBytes(StandardCharsets.UTF_8), 1, false);
            assertTrue(mqtt3.isConnected());
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.cases().workflow().ownerAcks()
                    .get("UNKNOWN_WARNING") == 2);
            assertEquals(1, ownerAckEvents(CAR));
            assertEquals(stored, caseOf(CAR).storeVersion(), "no refused acknowledgement wrote anything");

            JsonNode stats = JSON.readTree(http("GET", "/api/stats", null).body());
            assertEquals(1, stats.path("ownerAcks").path("ACCEPTED").asLong());
            assertEquals(1, stats.path("ownerAcks").path("REPEATED").asLong());
            assertEquals(1, stats.path("ownerAcks").path("OTHER_VEHICLES_CASE").asLong());
            assertEquals(1, stats.path("ownerAcks").path("UNKNOWN_CASE").asLong());
            JsonNode rejected = stats.path("ingest").path("rejectedByReason");
            assertEquals(2, rejected.path("UNKNOWN_WARNING").asLong());
            assertEquals(1, rejected.path("OTHER_VEHICLES_CASE").asLong());
            assertEquals(1, rejected.path("UNKNOWN_CASE").asLong());
            JsonNode pubacks = stats.path("broker").path("failureAcksByReason");
            assertEquals(2, pubacks.path("IMPLEMENTATION_SPECIFIC_ERROR").asLong(), pubacks.toString());
            assertEquals(1, pubacks.path("NOT_AUTHORIZED").asLong(), pubacks.toString());
            mqtt3.disconnect();
        } finally {
            app.disconnect();
        }
    }

    @Test
    @Timeout(120)
    void fakeAcksAt20PerSecondAndRecurrences_neverFailATechniciansVersionedAcknowledge_aRealConflictStill409s()
            throws Exception {
        Mqtt5AsyncClient app = ownerApp("owner-app-flood");
        String[] cars = {"LRWXACK0000000011", "LRWXACK0000000012", "LRWXACK0000000013"};
        AtomicBoolean stop = new AtomicBoolean();
        try (MqttTestClient car = new MqttTestClient(engine.mqttPort(), "cars")) {
            for (String vin : cars) {
                dtc(car, vin, true);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (String vin : cars) {
                    if (engine.cases().workflow().list(new CaseQuery(null, null, vin, 10)).isEmpty()) {
                        return false;
                    }
                }
                return true;
            });
            Thread flood = new Thread(() -> { // 20 invented acknowledgements a second, for each car's case
                for (int i = 0; !stop.get(); i++) {
                    String vin = cars[i % cars.length];
                    ack(app, vin, "W-fake-" + i, caseOf(vin).number());
                    LockSupport.parkNanos(50_000_000);
                }
            }, "fake-acks");
            flood.start();
            int succeeded = 0;
            for (String vin : cars) {
                JsonNode read = JSON.readTree(http("GET", "/api/cases/" + caseOf(vin).number(), null).body());
                long version = read.path("version").asLong();
                assertTrue(read.path("storeVersion").isMissingNode(), "the store's row version is internal");
                long acksBefore = engine.cases().workflow().ownerAcks().get("UNKNOWN_WARNING");
                int occurrences = caseOf(vin).occurrences();
                dtc(car, vin, false);
                dtc(car, vin, true); // the fault comes back: an occurrence between the read and the write
                await().atMost(Duration.ofSeconds(10)).until(() -> caseOf(vin).occurrences() > occurrences
                        && engine.cases().workflow().ownerAcks().get("UNKNOWN_WARNING") >= acksBefore + 3);
                HttpResponse<String> r = http("POST", "/api/cases/" + read.path("number").asText() + "/acknowledge",
                        "{\"by\":\"ana\",\"version\":" + version + "}");
                assertEquals(200, r.statusCode(), r.body());
                assertEquals(version + 1, JSON.readTree(r.body()).path("version").asLong());
                succeeded++;
                // wei read the case at the same time as ana: his change is based on an edit he has not seen
                HttpResponse<String> stale = http("POST", "/api/cases/" + read.path("number").asText() + "/notes",
                        "{\"author\":\"wei\",\"text\":\"mine\",\"version\":" + version + "}");
                assertEquals(409, stale.statusCode(), stale.body());
                assertEquals("STALE_UPDATE", JSON.readTree(stale.body()).path("error").path("code").asText());
            }
            assertEquals(3, succeeded);
            for (String vin : cars) {
                assertEquals(0, ownerAckEvents(vin), "no invented acknowledgement reached a case");
            }
        } finally {
            stop.set(true);
            app.disconnect();
        }
    }
}

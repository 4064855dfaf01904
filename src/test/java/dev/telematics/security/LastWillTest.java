package dev.telematics.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.engine.Engine;
import dev.telematics.engine.EngineDatabase;
import dev.telematics.simulator.NoDelaySocketFactory;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Last Will at CONNECT, with real Paho v5 clients on the real engine: a will on a topic the engine processes
 * would be published by HiveMQ without the engine ever taking it, so it is refused at CONNECT (0x90 with a
 * reason string), counted, and nothing reaches the engine.
 */
class LastWillTest {
    private static final String CAR = "LRWLWTX0000000001";
    private static final String OTHER = "LRWLWTX0000000002";
    private static final int TOPIC_NAME_INVALID = 0x90;
    private static final int NOT_AUTHORIZED = 0x87;
    private final InMemoryCredentialStore credentials = new InMemoryCredentialStore();
    private final Provisioner provisioner = new Provisioner(credentials);
    private Engine engine;

    @BeforeEach
    void start() {
        engine = TestEngines.started(Engine.builder(TestEngines.config().withSecurity(true))
                .database(EngineDatabase.inMemory(credentials)));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    /** Connects with a QoS 1 Last Will on {@code willTopic}; a refusal throws with the CONNACK's reason code. */
    private MqttAsyncClient connectWithWill(String clientId, Provisioner.Issued who, String willTopic, String will)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + engine.mqttPort(), clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(who.username());
        o.setPassword(who.password().getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setSocketFactory(new NoDelaySocketFactory());
        MqttMessage m = new MqttMessage(will.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        o.setWill(willTopic, m);
        try {
            client.connect(o).waitForCompletion(10_000);
            return client;
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private Object security(String counter) {
        return ((Map<String, Object>) engine.statsSnapshot().get("mqttSecurity")).get(counter);
    }

    private static String telemetry() {
        return "{\"ts\":" + System.currentTimeMillis() + ",\"signals\":{\"Vehicle.Speed\":42.0}}";
    }

    @Test
    void willOnTheCarsOwnTelemetryOrDtcTopic_isRefusedAtConnectWith0x90_counted_andTheCarConnectsWithoutOne()
            throws Exception {
        Provisioner.Issued car = provisioner.provision(CAR, false);
        MqttException telemetry = assertThrows(MqttException.class,
                () -> connectWithWill(CAR, car, "vehicles/" + CAR + "/telemetry", telemetry()));
        assertEquals(TOPIC_NAME_INVALID, telemetry.getReasonCode());
        MqttException dtc = assertThrows(MqttException.class,
                () -> connectWithWill(CAR, car, "vehicles/" + CAR + "/dtc", "{\"ts\":1,\"dtcs\":[\"P0300\"]}"));
        assertEquals(TOPIC_NAME_INVALID, dtc.getReasonCode());
        assertEquals(2L, ((Number) security("refusedLastWills")).longValue());
        assertEquals(Map.of("TOPIC_NAME_INVALID", 2L), security("refusedConnectsByReason"));
        try (MqttTestClient c = new MqttTestClient(engine.mqttPort(), CAR, CAR, car.password())) {
            assertTrue(c.publishForReason("vehicles/" + CAR + "/telemetry", telemetry()) < 0x80);
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.ingestStats().snapshot().processed() == 1);
        }
        assertEquals(1, engine.ingestStats().snapshot().received(), "no will ever reached the engine");
    }

    @Test
    void ownerAppWillOnItsOwnSettingsTopic_isRefusedWith0x90_andAWillOnAnotherCarsTopic_with0x87() throws Exception {
        Provisioner.Issued app = provisioner.provision(CAR, true);
        Provisioner.Issued car = provisioner.provision(CAR, false);
        MqttException settings = assertThrows(MqttException.class, () -> connectWithWill(app.username() + "/phone", app,
                "vehicles/" + CAR + "/owner/settings", "{\"language\":\"en\"}"));
        assertEquals(TOPIC_NAME_INVALID, settings.getReasonCode());
        MqttException foreign = assertThrows(MqttException.class,
                () -> connectWithWill(CAR, car, "vehicles/" + OTHER + "/telemetry", telemetry()));
        assertEquals(NOT_AUTHORIZED, foreign.getReasonCode());
        MqttException warnings = assertThrows(MqttException.class,
                () -> connectWithWill(CAR, car, "vehicles/" + CAR + "/warnings", "{}"));
        assertEquals(NOT_AUTHORIZED, warnings.getReasonCode(), "a car may not publish warnings, not even as a will");
        assertEquals(3L, ((Number) security("refusedLastWills")).longValue());
        assertEquals(Map.of("TOPIC_NAME_INVALID", 1L, "NOT_AUTHORIZED", 2L), security("refusedConnectsByReason"));
        assertEquals(0, engine.ingestStats().snapshot().received());
    }

    @Test
    void securityOff_willOnAVehicleTopicIsRefusedWith0x90_aWillElsewhereStaysAndIsPublished() throws Exception {
        try (Engine open = TestEngines.started(Engine.builder(TestEngines.config()));
             MqttTestClient watcher = new MqttTestClient(open.mqttPort(), "watcher")) {
            watcher.subscribe("fleet/status/" + CAR);
            Engine secured = engine;
            engine = open;
            try {
                Provisioner.Issued nobody = new Provisioner.Issued(CAR, "anyone", "any");
                MqttException refused = assertThrows(MqttException.class,
                        () -> connectWithWill(CAR, nobody, "vehicles/" + CAR + "/telemetry", telemetry()));
                assertEquals(TOPIC_NAME_INVALID, refused.getReasonCode());
                MqttException warning = assertThrows(MqttException.class,
                        () -> connectWithWill(CAR, nobody, "vehicles/" + CAR + "/warnings", "{\"text\":\"spoofed\"}"));
                assertEquals(TOPIC_NAME_INVALID, warning.getReasonCode(), "a will would pass the block on spoofed warnings");
                @SuppressWarnings("unchecked")
                Map<String, Object> broker = (Map<String, Object>) open.statsSnapshot().get("broker");
                assertEquals(2L, ((Number) broker.get("refusedLastWills")).longValue());

                MqttAsyncClient fine = connectWithWill(CAR, nobody, "fleet/status/" + CAR, "offline");
                fine.disconnect(5_000, null, null, 0x04, new org.eclipse.paho.mqttv5.common.packet.MqttProperties())
                        .waitForCompletion(5_000); // 0x04: disconnect with Will Message
                fine.close(true);
                await().atMost(Duration.ofSeconds(10)).until(() -> watcher.received().stream()
                        .anyMatch(r -> r.payload().equals("offline")));
                assertEquals(0, open.ingestStats().snapshot().received());
            } finally {
                engine = secured;
            }
        }
    }
}

package dev.telematics.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.engine.Engine;
import dev.telematics.engine.EngineDatabase;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import java.time.Duration;
import java.util.Map;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MQTT security on the real embedded broker with real Paho clients: who may connect, and to which topics. */
class SecurityEndToEndTest {
    private static final String CAR = "LRWSECX0000000001";
    private static final String OTHER = "LRWSECX0000000002";
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
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

    /** Connects as {@code who}; the client id is the username (an owner app's devices add "/device"). */
    private MqttTestClient connect(Provisioner.Issued who, String device) throws MqttException {
        String clientId = who.username().startsWith("owner:") ? who.username() + "/" + device : who.username();
        return new MqttTestClient(engine.mqttPort(), clientId, who.username(), who.password());
    }

    private static String telemetry() {
        return "{\"ts\":" + System.currentTimeMillis() + ",\"signals\":{\"Vehicle.Speed\":42.0}}";
    }

    @SuppressWarnings("unchecked")
    private long security(String counter) {
        return ((Number) ((Map<String, Object>) engine.statsSnapshot().get("mqttSecurity")).get(counter)).longValue();
    }

    @Test
    void provisionedCar_connectsAndIsProcessed_wrongOrMissingCredentialsAreRefusedWith0x86() throws Exception {
        Provisioner.Issued car = provisioner.provision(CAR, false);
        try (MqttTestClient c = connect(car, "car-1")) {
            assertTrue(c.publishForReason("vehicles/" + CAR + "/telemetry", telemetry()) < 0x80); // success (0x10: nobody subscribed)
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.ingestStats().snapshot().processed() == 1);
        }
        MqttException wrong = assertThrows(MqttException.class, () -> new MqttTestClient(engine.mqttPort(), CAR,
                CAR, car.password() + "x"));
        assertEquals(BAD_USER_NAME_OR_PASSWORD, wrong.getReasonCode());
        MqttException none = assertThrows(MqttException.class, () -> new MqttTestClient(engine.mqttPort(), CAR));
        assertEquals(BAD_USER_NAME_OR_PASSWORD, none.getReasonCode());
        MqttException unknown = assertThrows(MqttException.class, () -> new MqttTestClient(engine.mqttPort(), OTHER,
                OTHER, car.password()));
        assertEquals(BAD_USER_NAME_OR_PASSWORD, unknown.getReasonCode(), "not provisioned");
        assertEquals(3, security("refusedConnects"));
        assertEquals(Map.of("BAD_USER_NAME_OR_PASSWORD", 3L),
                ((Map<?, ?>) engine.statsSnapshot().get("mqttSecurity")).get("refusedConnectsByReason"));
        assertEquals(1, security("authenticated"));
    }

    /** A publish the client may not make: it never reaches the engine, and the broker disconnects the client (0x87). */
    private void refusedPublish(Provisioner.Issued who, String device, String topic, String payload) throws Exception {
        long before = security("refusedPublishes");
        MqttTestClient c = connect(who, device);
        try {
            try {
                c.publishForReason(topic, payload);
            } catch (MqttException disconnected) {
                assertTrue(disconnected.getMessage().contains("RC: " + NOT_AUTHORIZED) || !c.isConnected(),
                        disconnected.getMessage());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !c.isConnected());
            assertEquals(before + 1, security("refusedPublishes"));
        } finally {
            c.close();
        }
    }

    @Test
    void aClientIdOtherThanTheUsername_isRefused_soNobodyTakesOverAnotherCarsSession() throws Exception {
        Provisioner.Issued app = provisioner.provision(CAR, true);
        provisioner.provision(OTHER, false);
        MqttException takeover = assertThrows(MqttException.class, () -> new MqttTestClient(engine.mqttPort(), OTHER,
                app.username(), app.password()));
        assertEquals(0x85, takeover.getReasonCode(), "CLIENT_IDENTIFIER_NOT_VALID");
        assertEquals(1, security("refusedConnects"));
    }

    @Test
    void carPublishingOnAnotherCarsTopic_isRefusedWith0x87_andNothingIsProcessed() throws Exception {
        Provisioner.Issued car = provisioner.provision(CAR, false);
        refusedPublish(car, "car-1", "vehicles/" + OTHER + "/telemetry", telemetry());
        refusedPublish(car, "car-2", "vehicles/" + CAR + "/owner/settings", "{\"language\":\"en\"}"); // not its owner app
        try (MqttTestClient c = connect(car, "car-3")) {
            assertTrue(c.publishForReason("vehicles/" + CAR + "/telemetry", telemetry()) < 0x80);
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.ingestStats().snapshot().processed() == 1);
        }
        assertEquals(1, engine.ingestStats().snapshot().received(), "the refused publishes never reached the engine");
        assertEquals(2, security("refusedPublishes"));
    }

    @Test
    void wildcardOrForeignSubscriptions_areRefused_ownWarningsAreAllowed_andRepeatedRefusalsDisconnect() throws Exception {
        Provisioner.Issued car = provisioner.provision(CAR, false);
        try (MqttTestClient c = connect(car, "car-1")) {
            assertTrue(c.subscribeForReason("vehicles/" + CAR + "/warnings") < 0x80, "own warnings");
            assertEquals(NOT_AUTHORIZED, c.subscribeForReason("vehicles/+/warnings"));
            assertEquals(NOT_AUTHORIZED, c.subscribeForReason("vehicles/" + OTHER + "/warnings"));
            assertEquals(2, security("refusedSubscriptions"));
            // the third refusal on the connection ends it
            assertThrows(MqttException.class, () -> c.subscribeForReason("#"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !c.isConnected());
            assertEquals(1, security("disconnectedForRepeatedRefusals"));
        }
    }

    @Test
    void ownerApp_actsOnlyForItsCar_andACarProvisionedWhileTheEngineRunsConnectsAtOnce() throws Exception {
        Provisioner.Issued app = provisioner.provision(CAR, true);
        assertEquals("owner:" + CAR, app.username());
        try (MqttTestClient a = connect(app, "app-1")) {
            assertTrue(a.publishForReason("vehicles/" + CAR + "/owner/settings", "{\"language\":\"zh-CN\"}") < 0x80);
            await().atMost(Duration.ofSeconds(10)).until(() -> "zh-CN".equals(engine.notifier().settings().language(CAR)));
        }
        refusedPublish(app, "app-2", "vehicles/" + CAR + "/telemetry", telemetry()); // an owner app is not the car
        refusedPublish(app, "app-3", "vehicles/" + OTHER + "/owner/settings", "{\"language\":\"zh-CN\"}");
        assertEquals(null, engine.notifier().settings().language(OTHER));
        Provisioner.Issued late = provisioner.provision(OTHER, false); // no restart
        try (MqttTestClient c = connect(late, "car-2")) {
            assertTrue(c.isConnected());
        }
        Provisioner.Issued replaced = provisioner.provision(OTHER, false);
        assertNotEquals(late.password(), replaced.password());
        assertThrows(MqttException.class, () -> connect(late, "car-3"), "the old secret no longer works");
        assertFalse(engine.statsSnapshot().toString().contains(replaced.password()), "no secret in the stats");
    }

    @Test
    void provisionedAgain_theLiveConnectionWithTheOldSecretIsDisconnected_andOnlyTheNewSecretWorks() throws Exception {
        Provisioner.Issued first = provisioner.provision(CAR, false);
        Provisioner.Issued other = provisioner.provision(OTHER, false);
        try (MqttTestClient car = connect(first, "car-1"); MqttTestClient bystander = connect(other, "car-2")) {
            assertEquals(0, engine.revokeReplacedCredentials(), "nothing replaced yet");
            Provisioner.Issued second = provisioner.provision(CAR, false); // e.g. the old secret leaked
            assertEquals(1, engine.revokeReplacedCredentials());
            await().atMost(Duration.ofSeconds(10)).until(() -> !car.isConnected());
            assertTrue(bystander.isConnected(), "other cars keep their connections");
            assertEquals(1L, security("disconnectedCredentialReplaced"));
            MqttException old = assertThrows(MqttException.class, () -> connect(first, "car-1").close());
            assertEquals(BAD_USER_NAME_OR_PASSWORD, old.getReasonCode());
            try (MqttTestClient again = connect(second, "car-1")) {
                assertTrue(again.publishForReason("vehicles/" + CAR + "/telemetry", telemetry()) < 0x80);
                assertEquals(0, engine.revokeReplacedCredentials(), "the new connection uses the new secret");
                assertTrue(again.isConnected());
            }
        }
    }
}

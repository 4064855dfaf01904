package dev.telematics.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.engine.Engine;
import dev.telematics.engine.EngineDatabase;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.RawMqttClient;
import dev.telematics.testing.TestEngines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-credential connection cap on the real embedded broker, with real clients: one credential cannot
 * use up the broker's connection limit, and a car reconnecting over its own stale connection gets in.
 */
class ConnectionQuotaEndToEndTest {
    private static final String CAR = "LRWCAPX0000000001";
    private static final String OTHER = "LRWCAPX0000000002";
    private static final int QUOTA_EXCEEDED = 0x97;
    private static final int SESSION_TAKEN_OVER = 0x8E;
    private final InMemoryCredentialStore credentials = new InMemoryCredentialStore();
    private final Provisioner provisioner = new Provisioner(credentials);
    private final List<RawMqttClient> raw = new ArrayList<>();
    private Engine engine;

    private void start(int maxConnections, int perOwnerApp) {
        var config = TestEngines.config().withSecurity(true).withMaxConnections(maxConnections);
        engine = TestEngines.started(Engine.builder(config.withMqtt(config.mqtt().withMaxConnectionsPerOwnerApp(perOwnerApp)))
                .database(EngineDatabase.inMemory(credentials)));
    }

    @AfterEach
    void stop() throws Exception {
        for (RawMqttClient c : raw) {
            c.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private RawMqttClient rawClient() throws Exception {
        RawMqttClient c = new RawMqttClient(engine.mqttPort(), 10_000);
        raw.add(c);
        return c;
    }

    private static String telemetry() {
        return "{\"ts\":" + System.currentTimeMillis() + ",\"signals\":{\"Vehicle.Speed\":42.0}}";
    }

    @SuppressWarnings("unchecked")
    private Object security(String counter) {
        return ((Map<String, Object>) engine.statsSnapshot().get("mqttSecurity")).get(counter);
    }

    private long broker(String counter) {
        @SuppressWarnings("unchecked")
        Map<String, Object> b = (Map<String, Object>) engine.statsSnapshot().get("broker");
        return ((Number) b.get(counter)).longValue();
    }

    @Test
    void sixtyConnectionsOnOneOwnerCredential_cannotLockOutACar_underMaxConnections50() throws Exception {
        start(50, 3); // the reproduction: run --max-connections 50, default cap of 3 devices per owner app
        Provisioner.Issued app = provisioner.provision(CAR, true);
        Provisioner.Issued car = provisioner.provision(OTHER, false);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 60; i++) {
            int code = rawClient().connect(app.username() + "/dev" + i, app.username(), app.password());
            if (code == 0) {
                accepted++;
            } else {
                assertEquals(QUOTA_EXCEEDED, code, "device " + i);
                refused++;
            }
        }
        assertEquals(3, accepted);
        assertEquals(57, refused);
        // the refused ones are closed by the broker: they hold no place
        for (RawMqttClient c : raw.subList(3, 60)) {
            assertEquals(-1, c.awaitClosed(), "closed after the CONNACK, without a DISCONNECT");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> broker("connectedClients") == 3);
        try (MqttTestClient c = new MqttTestClient(engine.mqttPort(), OTHER, car.username(), car.password())) {
            assertTrue(c.publishForReason("vehicles/" + OTHER + "/telemetry", telemetry()) < 0x80);
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.ingestStats().snapshot().processed() == 1);
        }
        assertEquals(57L, ((Number) security("refusedConnectionQuota")).longValue());
        assertEquals(Map.of("QUOTA_EXCEEDED", 57L), security("refusedConnectsByReason"));

        // the three connected devices lose their network (TCP closed, no DISCONNECT): their places are free again
        for (RawMqttClient c : raw.subList(0, 3)) {
            c.close();
        }
        for (int i = 0; i < 3; i++) {
            String device = app.username() + "/new" + i;
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> rawClient().connect(device, app.username(), app.password()) == 0);
        }
    }

    @Test
    void aFourthOwnerDevice_isRefusedWith0x97_untilADeviceLeaves_andAKnownDeviceMayAlwaysReconnect() throws Exception {
        start(0, 3);
        Provisioner.Issued app = provisioner.provision(CAR, true);
        String user = app.username();
        try (MqttTestClient d1 = new MqttTestClient(engine.mqttPort(), user + "/phone", user, app.password());
             MqttTestClient d2 = new MqttTestClient(engine.mqttPort(), user + "/tablet", user, app.password());
             MqttTestClient d3 = new MqttTestClient(engine.mqttPort(), user + "/watch", user, app.password())) {
            MqttException fourth = assertThrows(MqttException.class,
                    () -> new MqttTestClient(engine.mqttPort(), user + "/car-screen", user, app.password()));
            assertEquals(QUOTA_EXCEEDED, fourth.getReasonCode());
            // the phone reconnects while its old connection is still open: a takeover, not a fourth device
            try (MqttTestClient again = new MqttTestClient(engine.mqttPort(), user + "/phone", user, app.password())) {
                assertTrue(again.isConnected());
                await().atMost(Duration.ofSeconds(10)).until(() -> !d1.isConnected());
                assertTrue(again.publishForReason("vehicles/" + CAR + "/owner/settings", "{\"language\":\"zh-CN\"}") < 0x80);
            }
            d2.close(); // a device leaves: its place is free
            AtomicReference<MqttTestClient> screen = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(10)).ignoreException(MqttException.class).until(() -> screen.compareAndSet(
                    null, new MqttTestClient(engine.mqttPort(), user + "/car-screen", user, app.password())));
            screen.get().close();
            assertTrue(d3.isConnected());
        }
        assertEquals(1L, ((Number) security("refusedConnectionQuota")).longValue(),
                "only the fourth device while three were connected");
    }

    @Test
    void carReconnectingWhileItsStaleConnectionIsStillOpen_isNotLockedOut_andTheStaleOneIsTakenOver() throws Exception {
        start(0, 3);
        Provisioner.Issued car = provisioner.provision(CAR, false);
        for (int drop = 0; drop < 3; drop++) {
            // a connection whose network went away: authenticated, open on the broker's side, never closed
            RawMqttClient stale = rawClient();
            assertEquals(0, stale.connect(CAR, CAR, car.password()));
            try (MqttTestClient c = new MqttTestClient(engine.mqttPort(), CAR, CAR, car.password())) {
                assertEquals(SESSION_TAKEN_OVER, stale.awaitClosed(), "the broker closes the stale connection");
                assertTrue(c.publishForReason("vehicles/" + CAR + "/telemetry", telemetry()) < 0x80);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.ingestStats().snapshot().processed() == 3);
        assertEquals(0L, ((Number) security("refusedConnects")).longValue());
    }
}

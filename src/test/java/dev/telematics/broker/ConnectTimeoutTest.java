package dev.telematics.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.engine.Engine;
import dev.telematics.engine.EngineConfig;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sockets that never send CONNECT, on the real embedded broker: HiveMQ counts them against the connection
 * limit, so the CONNECT timeout (default 3 s, HiveMQ's own default is 10 s) decides how long they can keep a
 * car out. Plain TCP sockets that send nothing at all.
 */
class ConnectTimeoutTest {
    private static final String CAR = "LRWNCTX0000000001";
    private static final int QUOTA_EXCEEDED = 0x97;
    private final List<Socket> idle = new ArrayList<>();

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket s : idle) {
            s.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static long broker(Engine engine, String key) {
        return ((Number) ((Map<String, Object>) engine.statsSnapshot().get("broker")).get(key)).longValue();
    }

    /** True once the broker has closed the socket (end of stream or reset); false while it is open. */
    private static boolean closedByBroker(Socket s) throws IOException {
        s.setSoTimeout(50);
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static String telemetry() {
        return "{\"ts\":" + System.currentTimeMillis() + ",\"signals\":{\"Vehicle.Speed\":10.0}}";
    }

    @Test
    void idleSocketsFillingTheConnectionLimit_areClosedWithinTheConnectTimeout_thenACarConnects() throws Exception {
        int max = 10;
        EngineConfig config = TestEngines.config().withMaxConnections(max);
        Duration timeout = config.mqtt().connectTimeout();
        assertEquals(Duration.ofSeconds(3), timeout, "the shipped default");
        try (Engine engine = TestEngines.started(Engine.builder(config))) {
            assertEquals(3000, broker(engine, "connectTimeoutMillis"));
            long opened = System.nanoTime();
            for (int i = 0; i < max; i++) {
                idle.add(new Socket(InetAddress.getLoopbackAddress(), engine.mqttPort()));
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> broker(engine, "connectedClients") == max);
            // HiveMQ counts a socket that has sent nothing as a connection: the car is refused while they are open
            MqttException refused = assertThrows(MqttException.class, () -> new MqttTestClient(engine.mqttPort(), CAR));
            assertEquals(QUOTA_EXCEEDED, refused.getReasonCode());

            await().atMost(timeout.plusSeconds(2)).until(() -> {
                for (Socket s : idle) {
                    if (!closedByBroker(s)) {
                        return false;
                    }
                }
                return true;
            });
            Duration closedAfter = Duration.ofNanos(System.nanoTime() - opened);
            assertTrue(closedAfter.compareTo(timeout.plusSeconds(2)) < 0, "closed after " + closedAfter);
            AtomicReference<MqttTestClient> car = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(5)).ignoreException(MqttException.class)
                    .until(() -> car.compareAndSet(null, new MqttTestClient(engine.mqttPort(), CAR)));
            try (MqttTestClient c = car.get()) {
                assertTrue(c.publishForReason("vehicles/" + CAR + "/telemetry", telemetry()) < 0x80);
                await().atMost(Duration.ofSeconds(10)).until(() -> engine.ingestStats().snapshot().processed() == 1);
            }
        }
    }

    @Test
    void aCarConnectsWhileIdleSocketsAreOpen_belowTheLimit_andTheTimeoutIsConfigurable() throws Exception {
        int max = 20;
        EngineConfig base = TestEngines.config().withMaxConnections(max);
        EngineConfig config = base.withMqtt(base.mqtt().withConnectTimeout(Duration.ofMillis(1500)));
        try (Engine engine = TestEngines.started(Engine.builder(config))) {
            assertEquals(1500, broker(engine, "connectTimeoutMillis"));
            long opened = System.nanoTime();
            for (int i = 0; i < max - 1; i++) {
                idle.add(new Socket(InetAddress.getLoopbackAddress(), engine.mqttPort()));
            }
            try (MqttTestClient c = new MqttTestClient(engine.mqttPort(), CAR)) {
                assertTrue(c.publishForReason("vehicles/" + CAR + "/telemetry", telemetry()) < 0x80);
                await().atMost(Duration.ofSeconds(4)).until(() -> {
                    for (Socket s : idle) {
                        if (!closedByBroker(s)) {
                            return false;
                        }
                    }
                    return true;
                });
                Duration closedAfter = Duration.ofNanos(System.nanoTime() - opened);
                assertTrue(closedAfter.compareTo(Duration.ofMillis(1400)) > 0, "not before the timeout: " + closedAfter);
                assertTrue(c.isConnected(), "the car that sent CONNECT stays");
                await().atMost(Duration.ofSeconds(5)).until(() -> broker(engine, "connectedClients") == 1);
            }
        }
    }

    @Test
    void aSocketTricklingItsConnectByteByByte_isClosedWithinTheTimeoutToo() throws Exception {
        EngineConfig base = TestEngines.config();
        Duration timeout = Duration.ofMillis(1500);
        try (Engine engine = TestEngines.started(Engine.builder(base.withMqtt(base.mqtt().withConnectTimeout(timeout))))) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), engine.mqttPort());
            idle.add(s);
            // the start of an MQTT 5 CONNECT (remaining length 127), one byte every 200 ms
            byte[] connect = {0x10, 0x7F, 0, 4, 'M', 'Q', 'T', 'T', 5, 2, 0, 60, 0, 0, 5, 'a', 'b', 'c', 'd', 'e', 'f'};
            int[] sent = {0};
            long opened = System.nanoTime();
            await().atMost(timeout.plusSeconds(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (closedByBroker(s)) {
                    return true;
                }
                try {
                    s.getOutputStream().write(connect[sent[0]++]);
                    return false;
                } catch (IOException closed) {
                    return true;
                }
            });
            Duration closedAfter = Duration.ofNanos(System.nanoTime() - opened);
            assertTrue(sent[0] >= 4, "it kept sending a byte every ~250 ms, well inside the timeout: " + sent[0]);
            assertTrue(closedAfter.compareTo(timeout.plusMillis(1000)) < 0, "closed after " + closedAfter);
        }
    }
}

package dev.telematics.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.broker.TlsConfig;
import dev.telematics.cases.Evidence;
import dev.telematics.engine.EngineConfig.Http;
import dev.telematics.engine.EngineConfig.Ingest;
import dev.telematics.engine.EngineConfig.Mqtt;
import dev.telematics.engine.EngineConfig.VehicleHistory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class EngineConfigTest {
    private static final Duration NEGATIVE = Duration.ofSeconds(-1);

    private static void refused(String message, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertEquals(message, e.getMessage());
    }

    @Test
    void defaults_areTheShippedValues() {
        EngineConfig c = EngineConfig.defaults();
        assertEquals(1, EngineConfig.VERSION);
        assertEquals("127.0.0.1", c.mqtt().host());
        assertEquals(1883, c.mqtt().port());
        assertEquals(1000, c.mqtt().receiveMaximum());
        assertEquals(20, c.mqtt().maxMessagesPerSecond());
        assertEquals(25_000, c.mqtt().maxConnections());
        assertEquals(3, c.mqtt().maxConnectionsPerOwnerApp());
        assertEquals(Duration.ofSeconds(3), c.mqtt().connectTimeout());
        assertNull(c.mqtt().tls());
        assertEquals("127.0.0.1", c.http().host());
        assertEquals(8080, c.http().port());
        assertEquals(64 * 1024, c.ingest().maxPayloadBytes());
        assertEquals(Duration.ofMinutes(5), c.ingest().maxClockSkew());
        assertEquals(Duration.ofDays(30), c.ingest().maxSampleAge());
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors()), c.ingest().workers());
        assertEquals(10_000, c.ingest().queueCapacity());
        assertEquals(Duration.ofSeconds(5), c.ingest().queueTimeout());
        assertEquals(Duration.ofSeconds(10), c.ingest().ackTimeout());
        assertEquals(120, c.history().capacity());
        assertEquals(Duration.ofMinutes(10), c.history().window());
        assertEquals(Path.of("rules"), c.rulesDir());
        assertFalse(c.bareBroker());
        assertTrue(c.security());
    }

    @Test
    void defaults_areMadeOfEachGroupsNamedDefaults() {
        EngineConfig c = EngineConfig.defaults();
        assertEquals(Mqtt.DEFAULTS, c.mqtt());
        assertEquals(Http.DEFAULTS, c.http());
        assertEquals(Ingest.DEFAULTS, c.ingest());
        assertEquals(VehicleHistory.DEFAULTS, c.history());
    }

    @Test
    void mqtt_refusesBadPortsLimitsAndATlsPortEqualToThePlainOne() {
        Mqtt d = Mqtt.DEFAULTS;
        refused("MQTT port must be 1-65535, got 0", () -> d.withPort(0));
        refused("MQTT port must be 1-65535, got 65536", () -> d.withPort(65536));
        refused("receive maximum must be 1-65535, got 0", () -> new Mqtt("127.0.0.1", 1883, 0, 20, 0, null, 3, Duration.ofSeconds(3)));
        refused("receive maximum must be 1-65535, got 65536",
                () -> new Mqtt("127.0.0.1", 1883, 65536, 20, 0, null, 3, Duration.ofSeconds(3)));
        refused("max messages per second must be >= 0 (0: no limit)", () -> d.withMaxMessagesPerSecond(-1));
        refused("max connections must be >= 0 (0: no limit), got -1", () -> d.withMaxConnections(-1));
        refused("max connections per owner app must be >= 0 (0: no limit), got -1",
                () -> d.withMaxConnectionsPerOwnerApp(-1));
        refused("the CONNECT timeout must be 1 ms to 24 days, got PT0S", () -> d.withConnectTimeout(Duration.ZERO));
        refused("the TLS port must differ from the MQTT port 1883",
                () -> d.withTls(TlsConfig.withKeyStore(1883, Path.of("server.p12"), "pw")));
        assertThrows(NullPointerException.class, () -> d.withHost(null));
    }

    @Test
    void http_refusesPortsOutside0To65535_andTakes0AsAnyFreePort() {
        refused("HTTP port must be 0-65535, got -1", () -> Http.DEFAULTS.withPort(-1));
        refused("HTTP port must be 0-65535, got 65536", () -> Http.DEFAULTS.withPort(65536));
        assertEquals(0, Http.DEFAULTS.withPort(0).port());
        assertThrows(NullPointerException.class, () -> new Http(null, 8080, Http.DEFAULT_MAX_BACKLOG));
    }

    @Test
    void ingest_refusesPayloadLimitsOutside64BytesTo1MB() {
        refused("max payload must be 64 bytes to 1000000 bytes, got 63", () -> Ingest.DEFAULTS.withMaxPayloadBytes(63));
        refused("max payload must be 64 bytes to 1000000 bytes, got 1000001",
                () -> Ingest.DEFAULTS.withMaxPayloadBytes(1_000_001));
        assertEquals(64, Ingest.DEFAULTS.withMaxPayloadBytes(64).maxPayloadBytes());
        assertEquals(1_000_000, Ingest.DEFAULTS.withMaxPayloadBytes(1_000_000).maxPayloadBytes());
    }

    @Test
    void ingest_refusesNoWorkersOrNoQueue() {
        Duration s = Duration.ofSeconds(1);
        String message = "workers, queue capacity and history capacity must be >= 1";
        refused(message, () -> new Ingest(1024, s, s, 0, 10, s, s));
        refused(message, () -> new Ingest(1024, s, s, 1, 0, s, s));
    }

    @Test
    void ingest_refusesNegativeDurationsAndAZeroSampleAge() {
        Duration s = Duration.ofSeconds(1);
        String message = "durations must not be negative (and max sample age > 0)";
        refused(message, () -> new Ingest(1024, NEGATIVE, s, 1, 10, s, s));
        refused(message, () -> new Ingest(1024, s, NEGATIVE, 1, 10, s, s));
        refused(message, () -> new Ingest(1024, s, Duration.ZERO, 1, 10, s, s));
        refused(message, () -> new Ingest(1024, s, s, 1, 10, NEGATIVE, s));
        assertEquals(Duration.ZERO, new Ingest(1024, Duration.ZERO, s, 1, 10, Duration.ZERO, s).maxClockSkew());
    }

    @Test
    void ingest_refusesAnAckTimeoutThatIsNotPositive() {
        Duration s = Duration.ofSeconds(1);
        refused("ack timeout must be > 0, got PT0S", () -> new Ingest(1024, s, s, 1, 10, s, Duration.ZERO));
        refused("ack timeout must be > 0, got PT-1S", () -> new Ingest(1024, s, s, 1, 10, s, NEGATIVE));
        assertThrows(NullPointerException.class, () -> new Ingest(1024, s, s, 1, 10, s, null));
    }

    @Test
    void vehicleHistory_refusesNoCapacityAndANegativeWindow() {
        refused("workers, queue capacity and history capacity must be >= 1",
                () -> new VehicleHistory(0, Duration.ofMinutes(1), VehicleHistory.DEFAULT_SNAPSHOT_EVERY));
        refused("durations must not be negative (and max sample age > 0)", () -> new VehicleHistory(1, NEGATIVE, VehicleHistory.DEFAULT_SNAPSHOT_EVERY));
    }

    @Test
    void config_refusesAMissingGroupOrRulesFolder() {
        EngineConfig d = EngineConfig.defaults();
        assertThrows(NullPointerException.class, () -> d.withMqtt(null));
        assertThrows(NullPointerException.class, () -> d.withHttp(null));
        assertThrows(NullPointerException.class, () -> d.withIngest(null));
        assertThrows(NullPointerException.class, () -> d.withHistory(null));
        assertThrows(NullPointerException.class, () -> d.withRulesDir(null));
    }

    @Test
    void eachWither_changesOnlyItsGroup() {
        EngineConfig d = EngineConfig.defaults();
        Mqtt mqtt = Mqtt.DEFAULTS.withPort(1884);
        Http http = Http.DEFAULTS.withPort(0);
        Ingest ingest = Ingest.DEFAULTS.withMaxPayloadBytes(1024);
        VehicleHistory history = new VehicleHistory(5, Duration.ofMinutes(1), VehicleHistory.DEFAULT_SNAPSHOT_EVERY);
        assertEquals(new EngineConfig(mqtt, d.http(), d.ingest(), d.history(), d.rulesDir(), false, true, d.evidence()),
                d.withMqtt(mqtt));
        assertEquals(new EngineConfig(d.mqtt(), http, d.ingest(), d.history(), d.rulesDir(), false, true, d.evidence()),
                d.withHttp(http));
        assertEquals(new EngineConfig(d.mqtt(), d.http(), ingest, d.history(), d.rulesDir(), false, true, d.evidence()),
                d.withIngest(ingest));
        assertEquals(new EngineConfig(d.mqtt(), d.http(), d.ingest(), history, d.rulesDir(), false, true, d.evidence()),
                d.withHistory(history));
        assertEquals(new EngineConfig(d.mqtt(), d.http(), d.ingest(), d.history(), Path.of("x"), false, true, d.evidence()),
                d.withRulesDir(Path.of("x")));
        assertEquals(new EngineConfig(d.mqtt(), d.http(), d.ingest(), d.history(), d.rulesDir(), true, true, d.evidence()),
                d.withBareBroker(true));
        assertEquals(new EngineConfig(d.mqtt(), d.http(), d.ingest(), d.history(), d.rulesDir(), false, false, d.evidence()),
                d.withSecurity(false));
        Evidence.Limits evidence = new Evidence.Limits(5, 6, 7);
        assertEquals(new EngineConfig(d.mqtt(), d.http(), d.ingest(), d.history(), d.rulesDir(), false, true, evidence),
                d.withEvidence(evidence));
        assertEquals(evidence, d.withEvidence(evidence).withMqttPort(1884).evidence(), "kept by the other withers");
    }

    @Test
    void convenienceWithers_changeOneFieldOfOneGroup() {
        EngineConfig d = EngineConfig.defaults();
        TlsConfig tls = TlsConfig.withKeyStore(8883, Path.of("server.p12"), "pw");
        assertEquals(d.withMqtt(d.mqtt().withPort(1884)), d.withMqttPort(1884));
        assertEquals(d.withMqtt(d.mqtt().withMaxMessagesPerSecond(0)), d.withMaxMessagesPerSecond(0));
        assertEquals(d.withMqtt(d.mqtt().withMaxConnections(2)), d.withMaxConnections(2));
        assertEquals(d.withMqtt(d.mqtt().withTls(tls)), d.withTls(tls));
        assertEquals(d.withHttp(new Http("127.0.0.1", 0, Http.DEFAULT_MAX_BACKLOG)), d.withHttpPort(0));
        assertEquals(d.withIngest(d.ingest().withMaxPayloadBytes(128)), d.withMaxPayloadBytes(128));
        Mqtt m = d.withMqttPort(1884).mqtt();
        assertEquals(new Mqtt("127.0.0.1", 1884, 1000, 20, 25_000, null, 3, Duration.ofSeconds(3)), m);
        assertEquals(new Mqtt("0.0.0.0", 1883, 1000, 20, 25_000, null, 3, Duration.ofSeconds(3)), Mqtt.DEFAULTS.withHost("0.0.0.0"));
    }
}

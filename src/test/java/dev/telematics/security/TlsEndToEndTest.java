package dev.telematics.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.broker.TlsConfig;
import dev.telematics.broker.TlsConfig.ClientAuth;
import dev.telematics.engine.Engine;
import dev.telematics.engine.EngineDatabase;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.Ports;
import dev.telematics.testing.TestEngines;
import dev.telematics.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's MQTT over TLS listener on a real engine, with certificates made by keytool and real Paho
 * clients: server certificate, client certificates, and the start-up checks of the key store.
 */
class TlsEndToEndTest {
    private static final String CAR = "LRWTLSX0000000001";
    private static final String OTHER = "LRWTLSX0000000002";
    private static final int NOT_AUTHORIZED = 0x87;
    /** Characters that XML and HiveMQ's ${...} placeholders in config.xml would mangle if written as they are. */
    private static final String STORE_PASSWORD = "pw&<${HOME}> 1";

    @TempDir
    static Path pkiDir;
    private static TestPki pki;

    private final InMemoryCredentialStore credentials = new InMemoryCredentialStore();
    private final Provisioner provisioner = new Provisioner(credentials);
    private Engine engine;

    @BeforeAll
    static void makeCertificates() {
        pki = new TestPki(pkiDir, STORE_PASSWORD);
        pki.client(CAR);
        pki.client(OTHER);
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    private void start(TlsConfig tls) {
        engine = TestEngines.started(Engine.builder(TestEngines.config().withSecurity(true)
                .withTls(tls.withPort(Ports.free()))).database(EngineDatabase.inMemory(credentials)));
    }

    private static TlsConfig keyStoreOnly() {
        return TlsConfig.withKeyStore(1, pki.serverKeyStore(), pki.password());
    }

    private String tlsUri() {
        return "ssl://127.0.0.1:" + engine.config().mqtt().tls().port();
    }

    /** Connects over TLS as {@code who} (client id = username), presenting {@code certificate} (null: none). */
    private MqttTestClient overTls(Provisioner.Issued who, Path certificate) throws MqttException {
        return new MqttTestClient(tlsUri(), pki.socketFactory(certificate), who.username(), who.username(), who.password());
    }

    private static String telemetry() {
        return "{\"ts\":" + System.currentTimeMillis() + ",\"signals\":{\"Vehicle.Speed\":42.0}}";
    }

    @SuppressWarnings("unchecked")
    private long security(String counter) {
        return ((Number) ((Map<String, Object>) engine.statsSnapshot().get("mqttSecurity")).get(counter)).longValue();
    }

    @Test
    void carOverTls_withItsProvisionedPassword_isProcessed_andThePlainListenerStillWorks() throws Exception {
        start(keyStoreOnly());
        Provisioner.Issued car = provisioner.provision(CAR, false);
        try (MqttTestClient c = overTls(car, null)) {
            assertTrue(c.publishForReason("vehicles/" + CAR + "/telemetry", telemetry()) < 0x80);
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.ingestStats().snapshot().processed() == 1);
        }
        try (MqttTestClient plain = new MqttTestClient(engine.mqttPort(), CAR, CAR, car.password())) {
            assertTrue(plain.publishForReason("vehicles/" + CAR + "/telemetry", telemetry()) < 0x80);
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.ingestStats().snapshot().processed() == 2);
        }
        assertThrows(MqttException.class, () -> new MqttTestClient(tlsUri(), pki.socketFactory(null), CAR, CAR,
                car.password() + "x"), "the password is checked over TLS too");
    }

    @Test
    void plainMqttClient_cannotTalkToTheTlsPort() throws Exception {
        start(keyStoreOnly());
        Provisioner.Issued car = provisioner.provision(CAR, false);
        assertThrows(MqttException.class,
                () -> new MqttTestClient(engine.config().mqtt().tls().port(), CAR, CAR, car.password()));
        assertEquals(0, security("authenticated"));
    }

    @Test
    void requiredClientCertificates_refuseAClientWithoutOne_andAcceptACarWithItsOwn() throws Exception {
        // a JKS key store whose private key has a password of its own
        start(new TlsConfig(1, pki.serverKeyStoreAsJks("key-" + STORE_PASSWORD), STORE_PASSWORD,
                "key-" + STORE_PASSWORD, pki.trustStore(), STORE_PASSWORD, ClientAuth.REQUIRED));
        Provisioner.Issued car = provisioner.provision(CAR, false);
        assertThrows(MqttException.class, () -> overTls(car, null), "no certificate: the TLS handshake fails");
        assertEquals(0, security("authenticated"));
        try (MqttTestClient c = overTls(car, pki.client(CAR))) {
            assertTrue(c.publishForReason("vehicles/" + CAR + "/telemetry", telemetry()) < 0x80);
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.ingestStats().snapshot().processed() == 1);
        }
    }

    @Test
    void clientCertificateOfAnotherVin_isRefusedWith0x87_evenWithTheRightPassword() throws Exception {
        start(keyStoreOnly().withTrustStore(pki.trustStore(), STORE_PASSWORD, ClientAuth.OPTIONAL));
        Provisioner.Issued car = provisioner.provision(CAR, false);
        provisioner.provision(OTHER, false);
        MqttException refused = assertThrows(MqttException.class, () -> overTls(car, pki.client(OTHER)));
        assertEquals(NOT_AUTHORIZED, refused.getReasonCode());
        assertEquals(1, security("refusedClientCertificates"));
        assertEquals(1, security("refusedConnects"));
        try (MqttTestClient withOwn = overTls(car, pki.client(CAR));
             MqttTestClient withNone = new MqttTestClient(tlsUri(), pki.socketFactory(null), "owner:" + CAR,
                     "owner:" + CAR, provisioner.provision(CAR, true).password())) {
            assertTrue(withOwn.isConnected(), "its own certificate");
            assertTrue(withNone.isConnected(), "certificates are optional: the password alone still admits");
        }
        assertEquals(0, engine.ingestStats().snapshot().received());
    }

    @Test
    void wrongKeyStorePassword_failsTheStartWithConfigInvalid_namingTheFile() {
        EngineException e = failedStart(TlsConfig.withKeyStore(Ports.free(), pki.serverKeyStore(), "not-" + STORE_PASSWORD));
        assertTrue(e.getMessage().contains(pki.serverKeyStore().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
        assertFalse(e.getMessage().contains(STORE_PASSWORD), "never the password");
    }

    @Test
    void missingKeyStore_orWrongPrivateKeyPassword_failTheStartWithConfigInvalid() {
        Path missing = pkiDir.resolve("nowhere.p12");
        EngineException none = failedStart(TlsConfig.withKeyStore(Ports.free(), missing, STORE_PASSWORD));
        assertTrue(none.getMessage().contains(missing.toString()) && none.getMessage().contains("no such file"),
                none.getMessage());
        Path jks = pki.serverKeyStoreAsJks("key-" + STORE_PASSWORD);
        EngineException key = failedStart(new TlsConfig(Ports.free(), jks, STORE_PASSWORD, STORE_PASSWORD, null, null, null));
        assertTrue(key.getMessage().contains(jks.toString()) && key.getMessage().contains("private key password"),
                key.getMessage());
    }

    private EngineException failedStart(TlsConfig tls) {
        Engine e = Engine.builder(TestEngines.config().withSecurity(true).withTls(tls))
                .database(EngineDatabase.inMemory(credentials)).build();
        CompletionException thrown = assertThrows(CompletionException.class, () -> e.start().join());
        EngineException cause = assertInstanceOf(EngineException.class, thrown.getCause());
        assertEquals(ErrorCode.CONFIG_INVALID, cause.code());
        return cause;
    }
}

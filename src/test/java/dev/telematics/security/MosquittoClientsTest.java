package dev.telematics.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseQuery;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.engine.Engine;
import dev.telematics.engine.EngineDatabase;
import dev.telematics.testing.TestEngines;
import dev.telematics.vehicle.Vin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's MQTT security as a third-party client sees it: Debian's mosquitto-clients (mosquitto_pub,
 * mosquitto_sub, mosquitto_rr, MQTT 5) against a security-on engine. Credentials go to the clients in
 * their configuration file ({@code $XDG_CONFIG_HOME/mosquitto_pub} ...), never on a command line where
 * {@code ps} would show them. Skipped when the clients are missing, unless TELEMATICS_REQUIRE_MOSQUITTO=1
 * ({@code ./scripts/run-tests.sh} installs them and sets it).
 */
class MosquittoClientsTest {
    private static final Path PUB = Path.of("/usr/bin/mosquitto_pub");
    private static final Path SUB = Path.of("/usr/bin/mosquitto_sub");
    private static final Path RR = Path.of("/usr/bin/mosquitto_rr");
    private static final Duration RUN_LIMIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InMemoryCredentialStore CREDENTIALS = new InMemoryCredentialStore();
    private static Engine engine;

    @TempDir
    static Path configs;

    private static boolean clientsInstalled() {
        return Files.isExecutable(PUB) && Files.isExecutable(SUB) && Files.isExecutable(RR);
    }

    @BeforeAll
    static void start() {
        if (clientsInstalled()) {
            engine = TestEngines.started(Engine.builder(TestEngines.config().withSecurity(true))
                    .database(EngineDatabase.inMemory(CREDENTIALS)));
        }
    }

    @BeforeEach
    void requireClients() {
        if (!clientsInstalled()) {
            if ("1".equals(System.getenv("TELEMATICS_REQUIRE_MOSQUITTO"))) {
                fail("TELEMATICS_REQUIRE_MOSQUITTO=1 but mosquitto_pub, mosquitto_sub or mosquitto_rr is missing");
            }
            Assumptions.abort("no mosquitto-clients: run ./scripts/run-tests.sh, which installs them");
        }
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    // ---- (a) a provisioned car publishes

    @Test
    void provisionedCar_publishesTelemetryWithMosquittoPub_andTheEngineProcessesIt() {
        String vin = "LRWMSCX0000000001";
        Path car = credentialsOf(new Provisioner(CREDENTIALS).provision(vin, false));
        long processed = engine.ingestStats().snapshot().processed();
        Result pub = run(car, PUB, "-i", vin, "-q", "1", "-t", "vehicles/" + vin + "/telemetry",
                "-m", "{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"signals\":{\"Vehicle.Speed\":61.5}}");
        assertEquals(0, pub.exit(), pub.output());
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.ingestStats().snapshot().processed() == processed + 1);
        assertEquals(61.5, engine.vehicles().stateOf(new Vin(vin)).latest("Vehicle.Speed").value());
    }

    // ---- (b) a wrong password

    @Test
    void wrongPassword_isRefusedAtConnect_mosquittoPubFailsSayingSo_andNothingIsProcessed() {
        String vin = "LRWMSCX0000000002";
        Provisioner.Issued issued = new Provisioner(CREDENTIALS).provision(vin, false);
        Path wrong = credentialsOf(new Provisioner.Issued(vin, vin, issued.password() + "x"));
        long received = engine.ingestStats().snapshot().received();
        long refused = security("refusedConnects");
        Result pub = run(wrong, PUB, "-i", vin, "-q", "1", "-t", "vehicles/" + vin + "/dtc",
                "-m", "{\"ts\":" + System.currentTimeMillis() + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}");
        // mosquitto_pub 2.0.11 prints the CONNACK's reason (0x86), then a misleading "network protocol error" and
        // aborts (exit 134): libmosquitto reports a refused MQTT 5 connect as a protocol error (mosquitto #2369)
        assertNotEquals(0, pub.exit(), pub.output());
        assertTrue(pub.output().toLowerCase().contains("bad user name or password"), pub.output());
        assertEquals(refused + 1, security("refusedConnects"));
        assertEquals(received, engine.ingestStats().snapshot().received(), "nothing reached the engine");
        assertTrue(casesOf(vin).isEmpty());
    }

    // ---- (c) subscriptions outside the car's own topics

    @Test
    void mosquittoSub_onAWildcardOrAnotherCarsWarnings_isDenied_andEndsWithoutAMessage() {
        String vin = "LRWMSCX0000000003";
        Path car = credentialsOf(new Provisioner(CREDENTIALS).provision(vin, false));
        long refused = security("refusedSubscriptions");
        for (String filter : List.of("vehicles/#", "vehicles/+/warnings", "#", "vehicles/LRWMSCX0000000001/warnings")) {
            // -W and -C bound the run even if the broker granted the subscription
            Result sub = run(car, SUB, "-i", vin, "-q", "1", "-t", filter, "-W", "10", "-C", "1");
            // SUBACK 0x87: mosquitto_sub says so, disconnects and ends at once (with exit status 0)
            assertTrue(sub.output().contains("All subscription requests were denied."), filter + ": " + sub.output());
            assertFalse(sub.output().contains("{"), "no message received: " + sub.output());
            assertTrue(sub.elapsed().compareTo(Duration.ofSeconds(5)) < 0, "ended without waiting for -W: " + sub.elapsed());
        }
        assertEquals(refused + 4, security("refusedSubscriptions"));
    }

    // ---- (d) publishing as another car

    @Test
    void carPublishingOnAnotherCarsTopic_isNotAuthorized_andNothingIsProcessedForThatCar() {
        String vin = "LRWMSCX0000000004";
        String victim = "LRWMSCX0000000005";
        Path car = credentialsOf(new Provisioner(CREDENTIALS).provision(vin, false));
        new Provisioner(CREDENTIALS).provision(victim, false);
        long received = engine.ingestStats().snapshot().received();
        long refused = security("refusedPublishes");
        int vehicles = engine.vehicles().size();
        Result pub = run(car, PUB, "-i", vin, "-q", "1", "-t", "vehicles/" + victim + "/dtc",
                "-m", "{\"ts\":" + System.currentTimeMillis() + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}");
        // PUBACK 0x87 with the broker's reason string, then DISCONNECT 0x87; mosquitto_pub warns and exits 0
        assertTrue(pub.output().contains("Publish 1 failed: Not authorized."), pub.output());
        assertTrue(pub.output().contains("a client may publish only on its own vehicle's topics"), pub.output());
        assertEquals(refused + 1, security("refusedPublishes"));
        assertEquals(received, engine.ingestStats().snapshot().received(), "the refused publish never reached the engine");
        assertEquals(vehicles, engine.vehicles().size(), "no state for the victim car");
        assertTrue(casesOf(victim).isEmpty(), "no case for the victim car");
    }

    // ---- (e) a real owner warning over the mosquitto clients

    /**
     * A car's client id is its VIN, so the car has one connection at a time (a second one with the same id takes
     * over the first): the car subscribes to its warnings and publishes the fault code on one connection with
     * mosquitto_rr, while its owner app listens with mosquitto_sub.
     */
    @Test
    void isolationFaultFromTheCar_sendsARealOwnerWarning_toTheCarsAndTheOwnerAppsMosquittoSubscriptions() throws Exception {
        String vin = "LRWMSCX0000000006";
        Path car = credentialsOf(new Provisioner(CREDENTIALS).provision(vin, false));
        Provisioner.Issued appIssued = new Provisioner(CREDENTIALS).provision(vin, true);
        Path app = credentialsOf(appIssued);
        String warnings = "vehicles/" + vin + "/warnings";
        Running ownerApp = start(app, SUB, "-d", "-i", appIssued.username() + "/phone", "-q", "1", "-t", warnings,
                "-C", "1", "-W", "30");
        try {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertTrue(ownerApp.output().contains("received SUBACK"), ownerApp.output()));
            Result carRun = run(car, RR, "-i", vin, "-q", "1", "-t", "vehicles/" + vin + "/dtc", "-e", warnings, "-W", "20",
                    "-m", "{\"ts\":" + System.currentTimeMillis() + ",\"ecu\":\"BMS\",\"format\":\"j2012\",\"dtcs\":[\"P0AA6\"]}");
            assertEquals(0, carRun.exit(), carRun.output());
            Result appRun = ownerApp.finish();
            assertEquals(0, appRun.exit(), appRun.output());

            await().atMost(Duration.ofSeconds(10)).until(() -> casesOf(vin).size() == 1);
            DiagnosticCase opened = casesOf(vin).get(0);
            for (Result r : List.of(carRun, appRun)) {
                JsonNode w = warning(r);
                assertEquals(vin, w.get("vin").asText());
                assertEquals("hv-isolation-fault", w.get("ruleId").asText());
                assertEquals("critical", w.get("severity").asText());
                assertEquals(opened.number(), w.get("caseNumber").asText());
                assertTrue(w.get("text").asText().length() > 20, "plain words for the owner: " + w);
            }
        } finally {
            ownerApp.process().destroyForcibly();
        }
    }

    private static JsonNode warning(Result r) throws IOException {
        for (String line : r.lines()) {
            if (line.startsWith("{\"warningId\"")) {
                return JSON.readTree(line);
            }
        }
        throw new AssertionError("no warning in the client's output: " + r.output());
    }

    // ---- running the clients

    /** A client's exit status, its output (stdout and stderr) and how long it ran. */
    private record Result(int exit, List<String> lines, Duration elapsed) {
        String output() {
            return String.join("\n", lines);
        }
    }

    /** A client still running; its output is read as it comes. */
    private record Running(Process process, Thread reader, List<String> lines, long startedNanos) {
        String output() {
            return String.join("\n", lines);
        }

        /** Waits for the client to end (at most {@link #RUN_LIMIT}) and for the last of its output. */
        Result finish() throws InterruptedException {
            if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("the client did not end within " + RUN_LIMIT + ": " + output());
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
            await().atMost(Duration.ofSeconds(5)).until(() -> !reader.isAlive());
            return new Result(process.exitValue(), List.copyOf(lines), elapsed);
        }
    }

    /** Starts a client on the engine with MQTT 5, the credentials in {@code config} and the given arguments. */
    private static Running start(Path config, Path tool, String... args) {
        // stdbuf: the clients' stdout is a pipe here, line-buffer it so that the test sees each line as it comes
        List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", tool.toString(), "-V", "mqttv5", "-h", "127.0.0.1",
                "-p", String.valueOf(engine.mqttPort())));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("XDG_CONFIG_HOME", config.toString());
        pb.environment().put("HOME", config.toString());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ended) {
                    // the process was destroyed
                }
            }, "mosquitto-output");
            reader.setDaemon(true);
            reader.start();
            return new Running(p, reader, lines, System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result run(Path config, Path tool, String... args) {
        try {
            return start(config, tool, args).finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A folder with the mosquitto clients' configuration files holding the username and password (readable by
     * the owner only); the clients read {@code $XDG_CONFIG_HOME/mosquitto_pub} and so on.
     */
    private static Path credentialsOf(Provisioner.Issued who) {
        try {
            Path dir = Files.createTempDirectory(configs, "client-");
            for (String tool : List.of("mosquitto_pub", "mosquitto_sub", "mosquitto_rr")) {
                Path f = Files.createFile(dir.resolve(tool),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(f, "-u " + who.username() + "\n-P " + who.password() + "\n");
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<DiagnosticCase> casesOf(String vin) {
        return engine.cases().workflow().list(new CaseQuery(null, null, vin, CaseQuery.MAX_LIMIT));
    }

    @SuppressWarnings("unchecked")
    private static long security(String counter) {
        return ((Number) ((Map<String, Object>) engine.statsSnapshot().get("mqttSecurity")).get(counter)).longValue();
    }
}

package dev.telematics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.testing.Cli;
import dev.telematics.testing.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The jar's commands, run in-process as a user would call them. */
class CommandLineTest {
    private final Cli cli = new Cli();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void token_printsASignedTokenAsItsLastLine_thatTheEnginesKeyVerifies(@TempDir Path dir) {
        Path data = dir.resolve("data");
        assertEquals(0, run("token", "--role", "auditor", "--name", "audrey", "--valid-for", "8h",
                "--data-dir", data.toString()));
        String token = cli.lastLine();
        dev.telematics.security.ApiPrincipal p = dev.telematics.security.ApiTokens.fromKeyFile(
                data.resolve("api-token.key"), java.time.Clock.systemUTC()).verify(token);
        assertEquals("audrey", p.name());
        assertEquals(dev.telematics.security.ApiRole.AUDITOR, p.role());
        assertTrue(cli.err().contains("auditor token for audrey, valid for 8h"), cli.err());
        assertEquals(Main.EXIT_FAILURE, run("token", "--role", "admin", "--name", "x", "--data-dir", data.toString()));
        assertTrue(cli.err().contains("--role must be technician, supervisor or auditor"), cli.err());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void brokenRuleFile_failsStartupWithMessageNamingFileAndProblem(@TempDir Path rules, @TempDir Path dir)
            throws IOException {
        Files.writeString(rules.resolve("12v.yaml"), """
                version: 1
                rules:
                  - id: lv-low
                    kind: threshold
                    signal: Vehicle.LowVoltageBattery.Voltage
                    below: 11.8
                    severity: high
                    owner: {title: Low, text: Low.}
                """);
        int code = run("run", "--rules", rules.toString(), "--mqtt-port", String.valueOf(Ports.free()),
                "--http-port", "0", "--data-dir", dir.resolve("data").toString());
        assertEquals(Main.EXIT_FAILURE, code);
        String msg = cli.err();
        assertTrue(msg.contains("RULE_INVALID"), msg);
        assertTrue(msg.contains("12v.yaml:3"), msg);
        assertTrue(msg.contains("unknown signal 'Vehicle.LowVoltageBattery.Voltage'"), msg);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void mqttPortInUse_failsStartupWithAClearMessage(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = run("run", "--mqtt-port", String.valueOf(taken.getLocalPort()), "--http-port", "0",
                    "--data-dir", dir.resolve("data").toString());
            assertEquals(Main.EXIT_FAILURE, code);
            String msg = cli.err();
            assertTrue(msg.contains("CONFIG_INVALID") && msg.contains("cannot start the MQTT broker on 127.0.0.1:"
                    + taken.getLocalPort()), msg);
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void scenarioExpectingAnUnknownRule_failsTheDemo(@TempDir Path dir) throws IOException {
        Path s = dir.resolve("s.yaml");
        Files.writeString(s, """
                name: s
                fleet: {size: 1, vinPrefix: LRWDEMC}
                publishInterval: 1s
                duration: 2s
                faults:
                  - {vehicle: 1, at: 1s, dtc: {ecu: BMS, codes: [P0AA6]}, expectRule: no-such-rule}
                """);
        assertEquals(Main.EXIT_FAILURE, run("demo", "--scenario", s.toString(), "--json"));
        assertTrue(cli.err().contains("SCENARIO_INVALID") && cli.err().contains("no-such-rule"),
                cli.err());
    }

    @Test
    void invalidScenario_failsWithMessageNamingFile(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: x\nfleet: {size: 0, vinPrefix: LRWDEMC}\npublishInterval: 1s\nduration: 5s\n");
        int code = run("demo", "--scenario", bad.toString(), "--json");
        assertEquals(Main.EXIT_FAILURE, code);
        assertTrue(cli.err().contains("SCENARIO_INVALID") && cli.err().contains("bad.yaml"), cli.err());
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void demoOnSmokeScenario_reportsCasesAndWarningsAsOneJsonObject() throws Exception {
        int code = run("demo", "--scenario", "simulator/smoke.yaml", "--json");
        JsonNode r = new ObjectMapper().readTree(cli.out());
        assertEquals(0, code, cli.out());
        assertTrue(r.get("passed").asBoolean());
        assertEquals(3, r.get("carsConnected").asInt());
        assertEquals(2, r.get("expectedFaults").asInt());
        assertEquals(2, r.get("expectedFaultsMet").asInt());
        assertTrue(r.get("casesOpened").asInt() >= 2, r.toString());
        assertTrue(r.get("warningsDelivered").asInt() >= 2, r.toString());
        assertEquals(r.get("messagesAcknowledged").asLong(),
                r.get("messagesProcessed").asLong() + r.get("messagesRejected").asLong(), r.toString());
        assertEquals(0, r.get("messagesRejected").asInt());
        assertEquals(0, r.get("messagesFailed").asInt());
        // every warning names the car message behind it, so each delivered warning has a latency
        assertEquals(r.get("warningsDelivered").asLong(), r.get("warningLatencyMs").get("count").asLong());
        assertTrue(r.get("warningLatencyMs").get("max").asDouble() >= r.get("warningLatencyMs").get("p50").asDouble());
        assertTrue(r.get("engineLatency").get("processingMs").get("count").asLong() >= r.get("messagesProcessed").asLong());
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void demoWithABufferedBatteryLog_reportsThePredictiveWarningTheOwnerGot(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("forecast.yaml");
        Files.writeString(s, """
                name: forecast
                fleet: {size: 1, vinPrefix: LRWDEMC}
                publishInterval: 200ms
                duration: 3s
                faults:
                  - vehicle: 1
                    history: {signal: Vehicle.Powertrain.TractionBattery.StateOfHealth, from: 83.0, to: 80.6, span: 28d, every: 1d}
                    expectRule: soh-end-of-life
                """);
        long before = System.currentTimeMillis();

        int code = run("demo", "--scenario", s.toString(), "--json");

        JsonNode r = new ObjectMapper().readTree(cli.out());
        assertEquals(0, code, cli.out() + cli.err());
        assertTrue(r.get("passed").asBoolean(), r.toString());
        JsonNode forecasts = r.get("forecastWarnings");
        assertEquals(1, forecasts.size(), r.toString());
        JsonNode f = forecasts.get(0);
        assertEquals("LRWDEMC0000000001", f.get("vin").asText());
        assertEquals("soh-end-of-life", f.get("ruleId").asText());
        assertTrue(f.get("caseNumber").asText().startsWith("SC-"), f.toString());
        assertEquals(80.0, f.get("limit").asDouble());
        Instant crossing = Instant.parse(f.get("crossing").asText());
        // the log ends a day before the upload and falls 2.4 points in 27 days: 80 % about a week later
        assertTrue(crossing.isAfter(Instant.ofEpochMilli(before))
                && crossing.isBefore(Instant.ofEpochMilli(before).plus(Duration.ofDays(30))), f.toString());
        assertTrue(!Instant.parse(f.get("intervalLow").asText()).isAfter(crossing)
                && !Instant.parse(f.get("intervalHigh").asText()).isBefore(crossing), f.toString());
        // a forecast's source sample was buffered for days: it is not a latency
        assertEquals(0, r.get("warningLatencyMs").get("count").asLong(), r.toString());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void benchRules_reportsThroughputAndHeapAsJson() throws Exception {
        int code = run("bench-rules", "--vehicles", "20", "--seconds", "1", "--warmup", "0", "--json");
        assertEquals(0, code, cli.err());
        JsonNode r = new ObjectMapper().readTree(cli.out());
        assertTrue(r.get("frames").asLong() > 0);
        assertTrue(r.get("signalUpdates").asLong() > r.get("frames").asLong(), "several signals per frame");
        assertTrue(r.get("rules").asInt() >= 20);
        assertTrue(r.has("signalUpdatesPerSecond") && r.has("heapAfterGcAfterMb") && r.has("allocatedBytesPerFrame"));
    }
}

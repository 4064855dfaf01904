package dev.telematics.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.vehicle.Vin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioLoaderTest {
    static final String VALID = """
            name: demo
            description: Twenty cars; three develop faults.
            seed: 42
            fleet:
              size: 20
              vinPrefix: LRWDEMC
              model: Model Y
            publishInterval: 1s
            duration: 40s
            faults:
              - vehicle: 3
                at: 5s
                signal: Vehicle.LowVoltageBattery.CurrentVoltage
                to: 11.3
                over: 5s
                expectRule: lv-battery-low
              - vehicle: 5
                at: 8s
                dtc: {ecu: BMS, codes: [P0AA6]}
                expectRule: hv-isolation-fault
            """;

    static final String HISTORY = """
              - vehicle: 2
                history:
                  signal: Vehicle.Powertrain.TractionBattery.StateOfHealth
                  from: 83.0
                  to: 80.6
                  span: 20d
                  every: 1d
                expectRule: soh-end-of-life
            """;

    @TempDir
    Path dir;

    @Test
    void historyFault_uploadsADailyLogEndingAtItsLastValue() throws IOException {
        Scenario s = ScenarioLoader.load(write("h.yaml", VALID + HISTORY));

        HistoryFault h = (HistoryFault) s.faults().get(2);
        assertEquals(List.of(h), s.historyFor(2));
        assertEquals(20, h.points());
        assertEquals(83.0, h.valueAt(0));
        assertEquals(80.6, h.valueAt(19));
        assertEquals(82.2, h.valueAt(6)); // 83.0 - 2.4 * 6 / 19 = 82.24, at the signal's 0.1 resolution
        long now = 1_800_000_000_000L;
        assertEquals(now - Duration.ofDays(20).toMillis(), h.timestampAt(0, now));
        assertEquals(now - Duration.ofDays(1).toMillis(), h.timestampAt(19, now));
        // live samples carry the log's last value from the first one on
        assertEquals(List.of(new SignalFault(2, s.vinOf(2), Duration.ZERO, VssSignals.SOH, 80.6, Duration.ZERO, null)),
                s.signalFaultsFor(2));
        assertEquals("soh-end-of-life", h.expectRule());
    }

    @Test
    void validFile_loadsEveryField() throws IOException {
        Scenario s = ScenarioLoader.load(write("demo.yaml", VALID));

        assertEquals("demo", s.name());
        assertEquals("Twenty cars; three develop faults.", s.description());
        assertEquals(42, s.seed());
        assertEquals(20, s.fleetSize());
        assertEquals("Model Y", s.fleet().model());
        assertEquals(Duration.ofSeconds(1), s.publishInterval());
        assertEquals(Duration.ofSeconds(40), s.duration());
        assertEquals(new Vin("LRWDEMC0000000003"), s.vinOf(3));
        assertEquals(20, s.vins().size());
        assertEquals(new Vin("LRWDEMC0000000020"), s.vins().get(19));

        SignalFault ramp = (SignalFault) s.faults().get(0);
        assertTrue(ramp.isSignal());
        assertEquals(new Vin("LRWDEMC0000000003"), ramp.vin());
        assertEquals(Duration.ofSeconds(5), ramp.at());
        assertEquals(VssSignals.LV_BATTERY_VOLTAGE, ramp.signal());
        assertEquals(11.3, ramp.to());
        assertEquals(Duration.ofSeconds(5), ramp.over());
        assertEquals("lv-battery-low", ramp.expectRule());

        DtcFault dtc = (DtcFault) s.faults().get(1);
        assertTrue(dtc.isDtc());
        assertEquals(new Vin("LRWDEMC0000000005"), dtc.vin());
        assertEquals("BMS", dtc.ecu());
        assertEquals(List.of("P0AA6"), dtc.codes());
        assertEquals(List.of(dtc), s.dtcFaultsFor(5));
    }

    @Test
    void optionalFields_takeTheirDefaults() {
        Scenario s = ScenarioLoader.parse("""
                name: minimal
                fleet: {size: 1, vinPrefix: LRWDEMC}
                publishInterval: PT0.5S
                duration: 2m
                faults:
                  - {vehicle: 1, at: 0s, signal: Vehicle.Speed, to: 0}
                """, "minimal.yaml");

        assertEquals(Scenario.DEFAULT_SEED, s.seed());
        assertNull(s.description());
        assertNull(s.fleet().model());
        SignalFault f = (SignalFault) s.faults().get(0);
        assertEquals(Duration.ZERO, f.over());
        assertNull(f.expectRule());
    }

    @Test
    void shippedScenarios_loadAndMatchTheirDescription() {
        Scenario demo = ScenarioLoader.load(Path.of("simulator/demo.yaml"));
        assertEquals(20, demo.fleetSize());
        assertEquals(9, demo.faults().size());
        assertEquals(List.of("lv-voltage-critical", "hv-isolation-fault", "tire-pressure-low-row1-left",
                "hv-battery-overtemp", "lost-comm-bms", "hv-isolation-low", "kb-high-and-critical",
                "kb-high-and-critical", "soh-end-of-life"),
                demo.faults().stream().map(Fault::expectRule).toList());

        Scenario smoke = ScenarioLoader.load(Path.of("simulator/smoke.yaml"));
        assertEquals(3, smoke.fleetSize());
        assertEquals(Duration.ofMillis(200), smoke.publishInterval());
        assertEquals(Duration.ofSeconds(10), smoke.duration());

        Scenario fleet = ScenarioLoader.load(Path.of("simulator/fleet-1000.yaml"));
        assertEquals(1000, fleet.fleetSize());
        assertFalse(fleet.faults().isEmpty());
    }

    static Stream<Arguments> invalidScenarios() {
        return Stream.of(
                Arguments.of(VALID.replace("seed: 42", "seed: 42\ncolour: red"), "unknown field 'colour'"),
                Arguments.of(VALID.replace("  model: Model Y", "  model: Model Y\n  trim: long-range"),
                        "fleet: unknown field 'trim'"),
                Arguments.of(VALID.replace("    over: 5s", "    over: 5s\n    ramp: linear"),
                        "faults[0]: unknown field 'ramp'"),
                Arguments.of(VALID.replace("name: demo\n", ""), "missing field 'name'"),
                Arguments.of(VALID.replace("  size: 20\n", ""), "fleet: missing field 'size'"),
                Arguments.of(VALID.replace("    to: 11.3\n", ""), "faults[0]: missing field 'to'"),
                Arguments.of(VALID.replace("duration: 40s\n", ""), "missing field 'duration'"),
                Arguments.of(VALID.replace("- vehicle: 5", "- vehicle: 21"), "faults[1].vehicle: vehicle 21 is out of range 1..20"),
                Arguments.of(VALID.replace("- vehicle: 3", "- vehicle: 0"), "faults[0].vehicle: vehicle 0 is out of range"),
                Arguments.of(VALID.replace("at: 8s", "at: 8 sec"), "faults[1].at: bad duration '8 sec'"),
                Arguments.of(VALID.replace("at: 8s", "at: 8"), "faults[1].at: bad duration '8'"),
                Arguments.of(VALID.replace("duration: 40s", "duration: forever"), "duration: bad duration 'forever'"),
                Arguments.of(VALID.replace("    expectRule: hv-isolation-fault",
                                "    signal: Vehicle.Speed\n    to: 1"),
                        "faults[1]: a fault has exactly one of 'signal', 'dtc' or 'history'"),
                Arguments.of(VALID.replace("    dtc: {ecu: BMS, codes: [P0AA6]}\n", ""),
                        "faults[1]: a fault needs one of 'signal' (with 'to'), 'dtc' or 'history'"),
                Arguments.of(VALID + HISTORY.replace("span: 20d", "span: 45d"),
                        "faults[2].history: span must be positive and at most 29d (the engine refuses older samples), got 45d"),
                Arguments.of(VALID + HISTORY.replace("every: 1d", "every: 5d"),
                        "faults[2].history: span / every must give 10..2000 logged samples, got 4"),
                Arguments.of(VALID + HISTORY.replace("      to: 80.6\n", ""), "faults[2].history: missing field 'to'"),
                Arguments.of(VALID + HISTORY.replace("signal: Vehicle.Powertrain.TractionBattery.StateOfHealth",
                        "signal: Vehicle.Horn"), "faults[2].history: signal 'Vehicle.Horn' is not simulated"),
                Arguments.of(VALID + HISTORY.replace("    history:", "    at: 1s\n    history:"),
                        "faults[2]: unknown field 'at'"),
                Arguments.of(VALID.replace("vinPrefix: LRWDEMC", "vinPrefix: LRWDEMO"), "fleet.vinPrefix must be exactly 7"),
                Arguments.of(VALID.replace("vinPrefix: LRWDEMC", "vinPrefix: LRW"), "fleet.vinPrefix must be exactly 7"),
                Arguments.of(VALID.replace("size: 20", "size: 0"), "fleet.size: must be between 1 and 100000, got 0"),
                Arguments.of(VALID.replace("size: 20", "size: 100001"), "fleet.size: must be between 1 and 100000"),
                Arguments.of(VALID.replace("publishInterval: 1s", "publishInterval: 5ms"),
                        "publishInterval must be at least 10ms, got 5ms"),
                Arguments.of(VALID.replace("signal: Vehicle.LowVoltageBattery.CurrentVoltage", "signal: Vehicle.Horn"),
                        "faults[0]: signal 'Vehicle.Horn' is not simulated"),
                Arguments.of(VALID.replace("codes: [P0AA6]", "codes: [XYZ]"), "faults[1].dtc: dtc code 'XYZ' is not an SAE J2012"),
                Arguments.of(VALID.replace("size: 20", "size: many"), "fleet.size: expected a whole number, got 'many'"),
                Arguments.of(VALID.replace("seed: 42", "seed: 42\nseed: 43"), "not valid YAML"),
                Arguments.of("", "the file is empty"),
                Arguments.of("- just\n- a list\n", "expected a mapping of fields"));
    }

    @ParameterizedTest
    @MethodSource("invalidScenarios")
    void invalidFile_failsWithScenarioInvalidNamingFileAndProblem(String yaml, String problem) throws IOException {
        Path file = write("broken.yaml", yaml);

        EngineException e = assertThrows(EngineException.class, () -> ScenarioLoader.load(file));

        assertEquals(ErrorCode.SCENARIO_INVALID, e.code());
        assertTrue(e.getMessage().startsWith("scenario file '" + file + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> "expected '" + problem + "' in: " + e.getMessage());
    }

    @Test
    void missingFile_failsWithScenarioInvalidNamingTheFile() {
        Path file = dir.resolve("nope.yaml");

        EngineException e = assertThrows(EngineException.class, () -> ScenarioLoader.load(file));

        assertEquals(ErrorCode.SCENARIO_INVALID, e.code());
        assertTrue(e.getMessage().contains("nope.yaml") && e.getMessage().contains("cannot be read"), e.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}

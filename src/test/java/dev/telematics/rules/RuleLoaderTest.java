package dev.telematics.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.dtc.DtcCode;
import dev.telematics.dtc.ReportedDtc;
import dev.telematics.vehicle.SignalCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderTest {
    private final RuleLoader loader = new RuleLoader(SignalCatalog.standard());

    private static final String GOOD = """
            version: 1
            rules:
              - id: lv-low
                kind: threshold
                signal: Vehicle.LowVoltageBattery.CurrentVoltage
                below: 11.8
                for: 60s
                severity: high
                owner: {title: Low, text: Your 12 V battery is low.}
              - id: iso
                kind: dtc
                codes: [P0AA6, "P0A7*"]
                severity: critical
                opensCase: false
                owner: {title: Iso, text: Stop safely.}
            """;

    private RuleLoadException failing(Path dir, String name, String yaml) throws IOException {
        Files.writeString(dir.resolve(name), yaml);
        return assertThrows(RuleLoadException.class, () -> loader.loadDirectory(dir));
    }

    @Test
    void shippedRules_loadWithoutProblems() {
        RuleSet set = loader.loadDirectory(Path.of("rules"));
        assertTrue(set.size() >= 10, "shipped rules: " + set.size());
        assertTrue(set.all().stream().anyMatch(r -> r.id().equals("lv-battery-low")));
        assertTrue(set.all().stream().anyMatch(r -> r.id().equals("hv-isolation-fault")));
    }

    @Test
    void goodFile_givesThresholdAndDtcRulesWithDefaults(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), GOOD);
        RuleSet set = loader.loadDirectory(dir);
        ThresholdRule t = assertInstanceOf(ThresholdRule.class, set.all().get(0));
        assertEquals(Duration.ofSeconds(60), t.holdFor());
        assertEquals(ThresholdRule.Operator.BELOW, t.operator());
        assertTrue(t.meta().opensCase());
        assertEquals("lv-low", t.meta().problem());
        DtcRule d = assertInstanceOf(DtcRule.class, set.all().get(1));
        assertTrue(d.matchesCode(ReportedDtc.j2012(new DtcCode("P0AA6"))));
        assertTrue(d.matchesCode(ReportedDtc.j2012(new DtcCode("P0A7F"))));
        assertTrue(!d.matchesCode(ReportedDtc.j2012(new DtcCode("P0AA7"))));
        assertTrue(!d.meta().opensCase());
    }

    @Test
    void unknownSignal_failsNamingFileLineAndSignal(@TempDir Path dir) throws IOException {
        RuleLoadException e = failing(dir, "broken.yaml", GOOD.replace(
                "Vehicle.LowVoltageBattery.CurrentVoltage", "Vehicle.LowVoltageBattery.Voltage"));
        String msg = e.getMessage();
        assertTrue(msg.contains("broken.yaml:3"), msg);
        assertTrue(msg.contains("unknown signal 'Vehicle.LowVoltageBattery.Voltage'"), msg);
        assertTrue(msg.contains("lv-low"), msg);
    }

    @Test
    void unknownKind_isReported(@TempDir Path dir) throws IOException {
        String msg = failing(dir, "k.yaml", GOOD.replace("kind: dtc", "kind: magic")).getMessage();
        assertTrue(msg.contains("k.yaml:10") && msg.contains("unknown kind 'magic'"), msg);
    }

    @Test
    void missingFieldAndUnknownField_areBothReported(@TempDir Path dir) throws IOException {
        String yaml = GOOD.replace("    severity: high\n", "").replace("opensCase: false", "opensCases: false");
        RuleLoadException e = failing(dir, "m.yaml", yaml);
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("missing field 'severity'"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown field 'opensCases'"), e.getMessage());
    }

    @Test
    void impossibleValues_areRejected(@TempDir Path dir) throws IOException {
        assertTrue(failing(dir, "a.yaml", GOOD.replace("below: 11.8", "below: 900")).getMessage()
                .contains("outside the physical range"));
        assertTrue(failing(dir, "a.yaml", GOOD.replace("for: 60s", "for: soon")).getMessage()
                .contains("bad duration 'soon'"));
        assertTrue(failing(dir, "a.yaml", GOOD.replace("P0AA6", "X0AA6")).getMessage()
                .contains("not a J2012 code"));
        assertTrue(failing(dir, "a.yaml", GOOD.replace("severity: high", "severity: urgent")).getMessage()
                .contains("unknown severity 'urgent'"));
        assertTrue(failing(dir, "a.yaml", GOOD.replace("below: 11.8", "below: 11.8\n    above: 13")).getMessage()
                .contains("exactly one of 'below' or 'above'"));
        assertTrue(failing(dir, "a.yaml", GOOD.replace("text: Stop safely.}", "text: Stop safely., urgency: now}"))
                .getMessage().contains("owner urgency 'now'"));
    }

    @Test
    void duplicateIdAcrossFiles_isRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), GOOD);
        String msg = failing(dir, "b.yaml", GOOD).getMessage();
        assertTrue(msg.contains("'lv-low' is defined twice"), msg);
    }

    @Test
    void invalidYaml_reportsFileAndLine(@TempDir Path dir) throws IOException {
        String msg = failing(dir, "bad.yaml", "version: 1\nrules:\n  - id: x\n    kind: [unclosed\n").getMessage();
        assertTrue(msg.contains("bad.yaml:") && msg.contains("not valid YAML"), msg);
    }

    @Test
    void wrongVersionOrMissingRules_isReported(@TempDir Path dir) throws IOException {
        assertTrue(failing(dir, "nv.yaml", GOOD.replace("version: 1\n", "")).getMessage()
                .contains("nv.yaml:1: missing 'version: 1'"));
        Files.delete(dir.resolve("nv.yaml"));
        String msg = failing(dir, "v.yaml", "version: 7\n").getMessage();
        assertTrue(msg.contains("unsupported version '7'"), msg);
        assertTrue(msg.contains("no 'rules' list"), msg);
    }

    @Test
    void missingDirectory_isReported(@TempDir Path dir) {
        RuleLoadException e = assertThrows(RuleLoadException.class, () -> loader.loadDirectory(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("does not exist"));
    }
}

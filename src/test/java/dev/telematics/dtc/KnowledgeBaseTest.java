package dev.telematics.dtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.error.EngineException;
import dev.telematics.rules.RuleEngine;
import dev.telematics.rules.RuleFiring;
import dev.telematics.rules.RuleLoader;
import dev.telematics.vehicle.Severity;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.VehicleState;
import dev.telematics.vehicle.Vin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeBaseTest {
    private static final Path RULES = Path.of("rules");
    private static final Vin TESLA = Vin.of("LRWDEMC0000000001");
    private static final Vin FORD = Vin.of("1FADP3K20EL000001");
    private final KnowledgeBase kb = KnowledgeBase.load(RULES);

    @Test
    void shippedKnowledgeBase_hasAtLeast40SourcedJ2012Codes() {
        List<KnowledgeEntry> j2012 = kb.entries().stream().filter(e -> e.code() != null).toList();
        assertTrue(j2012.size() >= 40, "J2012 entries: " + j2012.size());
        for (KnowledgeEntry e : kb.entries()) {
            assertFalse(e.source().isBlank(), e.key());
            assertFalse(e.causes().isEmpty() || e.remoteChecks().isEmpty() || e.parts().isEmpty(), e.key());
        }
        assertTrue(kb.entries().stream().anyMatch(e -> e.spn() != null), "J1939 entries");
    }

    @Test
    void everyHighOrCriticalCode_opensACaseWithPlainOwnerWords() {
        RuleEngine engine = new RuleEngine(new RuleLoader(SignalCatalog.standard()).loadDirectory(RULES), kb);
        Pattern bareCode = Pattern.compile("\\b[PCBU][0-3][0-9A-F]{3}\\b");
        int checked = 0;
        for (KnowledgeEntry e : kb.entries()) {
            if (e.severity().compareTo(Severity.HIGH) > 0) {
                continue;
            }
            Vin vin = "Ford".equals(e.manufacturer()) ? FORD : TESLA;
            if (e.manufacturer() != null && !e.manufacturer().equals("Ford")) {
                vin = Vin.of("1G1FZ6S00L0000001");
            }
            ReportedDtc dtc = e.code() != null ? ReportedDtc.j2012(new DtcCode(e.code()))
                    : ReportedDtc.j1939(new J1939Dtc(e.spn(), e.fmi(), 1, 0), null);
            VehicleState state = new VehicleState(vin, 10, Duration.ofMinutes(1));
            List<RuleFiring> f = engine.onDtcReport(state, new DtcReport(1_000, "ECU", "j2012", List.of(dtc), null));
            assertEquals(1, f.size(), e.key() + " should fire exactly one rule, fired " + f);
            assertTrue(f.get(0).rule().opensCase(), e.key());
            assertFalse(bareCode.matcher(f.get(0).rule().owner().text()).find(), "bare code in owner text of " + e.key());
            checked++;
        }
        assertTrue(checked >= 12, "high or critical entries: " + checked);
    }

    @Test
    void manufacturerCode_isExplainedOnlyForThatManufacturersCars() {
        ReportedDtc b1317 = ReportedDtc.j2012(new DtcCode("B1317"));
        assertEquals(Optional.of("Ford"), kb.manufacturerOf(FORD));
        assertTrue(kb.lookup(b1317, FORD).isPresent());
        assertTrue(kb.lookup(b1317, TESLA).isEmpty(), "a Ford meaning must not be given to another maker's code");
        DtcChange c = new DtcChange("BCM", b1317, DtcChange.Transition.NEW, DtcState.CONFIRMED, 1, 1, 1);
        DtcView view = DtcView.of(c, kb.lookup(b1317, TESLA), kb.manufacturerOf(TESLA));
        assertTrue(view.manufacturerSpecific());
        assertTrue(view.description().startsWith("manufacturer-specific code of Tesla"), view.description());
        assertTrue(kb.lookup(ReportedDtc.j2012(new DtcCode("P0AA6")), TESLA).isPresent(), "generic codes for everyone");
    }

    @Test
    void manufacturerCodeWithoutManufacturer_failsLoadingWithFileAndEntry(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("knowledge"));
        Files.writeString(dir.resolve("knowledge/knowledge-base.yaml"), """
                version: 1
                codes:
                  - code: B1317
                    description: Battery Voltage High
                    system: 12v
                    severity: medium
                    ownerUrgency: service-soon
                    ownerText: Your battery voltage is too high.
                    causes: [charging system]
                    remoteChecks: [voltage trend]
                    parts: [alternator]
                    skill: 12v-electrical
                    source: test
                """);
        EngineException e = assertThrows(EngineException.class, () -> KnowledgeBase.load(dir));
        assertTrue(e.getMessage().contains("knowledge-base.yaml: entry 1 (B1317)")
                && e.getMessage().contains("manufacturer-specific"), e.getMessage());
    }
}

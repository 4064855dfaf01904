package dev.telematics.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.dtc.DtcReport;
import dev.telematics.dtc.HexBytes;
import dev.telematics.dtc.J1939Dm1;
import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.dtc.UdsDtcReply;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.VehicleState;
import dev.telematics.vehicle.Vin;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DTC rule criteria, evaluated by the rule engine on reports as ECUs send them (no broker, no mocks). */
class DtcRuleTest {
    private final VehicleState state = new VehicleState(Vin.of("LRWDEMC0000000001"), 10, Duration.ofMinutes(1));
    private long ts = 1_000;

    private RuleEngine engine(String rules) {
        String yaml = "version: 1\nrules:\n" + rules;
        RuleSet set = new RuleLoader(SignalCatalog.standard())
                .load("test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        return new RuleEngine(set, KnowledgeBase.load(Path.of("rules")));
    }

    private static String rule(String id, String criteria) {
        return "  - id: " + id + "\n    kind: dtc\n    severity: high\n    owner: {title: t, text: x}\n" + criteria;
    }

    private List<String> uds(RuleEngine e, String hex) {
        ts += 1_000;
        return e.onDtcReport(state, new DtcReport(ts, "BMS", "uds", UdsDtcReply.decode(HexBytes.parse(hex), 0).dtcs(),
                null)).stream().map(f -> f.rule().id()).toList();
    }

    @Test
    void confirmedOnlyRule_waitsForTheConfirmedBit_andFiresOncePerEpisode() {
        RuleEngine e = engine(rule("iso-confirmed", "    codes: [P0AA6]\n    state: confirmed\n"));
        assertEquals(List.of(), uds(e, "59 02 FF 0A A6 00 04"));
        assertEquals(List.of("iso-confirmed"), uds(e, "59 02 FF 0A A6 00 0C"));
        assertEquals(List.of(), uds(e, "59 02 FF 0A A6 00 0D"));
        assertEquals(List.of(), uds(e, "59 02 FF"));
        assertEquals(List.of("iso-confirmed"), uds(e, "59 02 FF 0A A6 00 08"));
    }

    @Test
    void warningLampBitAndFailureTypeCriteria() {
        RuleEngine e = engine(rule("lamp", "    codes: [P0110]\n    statusBits: [warningIndicatorRequested]\n")
                + rule("ftb", "    codes: [P0110-1C]\n") + rule("ftb-list", "    codes: [P01*]\n    ftb: [\"12\"]\n"));
        assertEquals(List.of("ftb"), uds(e, "59 02 FF 01 10 1C 09"));
        assertEquals(List.of("lamp"), uds(e, "59 02 FF 01 10 1C 89"));
        assertEquals(List.of("ftb-list"), uds(e, "59 02 FF 01 10 12 09"));
    }

    @Test
    void occurrenceCount_firesOnlyWhenTheDtcComesBack() {
        RuleEngine e = engine(rule("twice", "    codes: [U0100]\n    minOccurrences: 2\n"));
        assertEquals(List.of(), uds(e, "59 02 FF C1 00 00 09"));
        assertEquals(List.of(), uds(e, "59 02 FF"));
        assertEquals(List.of("twice"), uds(e, "59 02 FF C1 00 00 09"));
    }

    @Test
    void j1939SpnFmiCriteria_matchDm1Reports() {
        RuleEngine e = engine(rule("battery-low-24v", "    spn: 168\n    fmi: [1, 4]\n    ecus: [EECU]\n"));
        byte[] dm1 = HexBytes.parse("04 FF A8 00 04 01");
        List<RuleFiring> f = e.onDtcReport(state, new DtcReport(2_000, "EECU", "j1939-dm1",
                J1939Dm1.decode(dm1).dtcs(), J1939Dm1.decode(dm1).lamps()));
        assertEquals(List.of("battery-low-24v"), f.stream().map(x -> x.rule().id()).toList());
        assertEquals("SPN 168 FMI 4", f.get(0).trigger().get("dtc"));
        assertTrue(f.get(0).trigger().containsKey("lamps"));
        List<RuleFiring> otherEcu = e.onDtcReport(state, new DtcReport(3_000, "VCU", "j1939-dm1",
                J1939Dm1.decode(dm1).dtcs(), null));
        assertEquals(List.of(), otherEcu);
    }

    @Test
    void systemCriterion_usesTheKnowledgeBase_andExplicitRulesKeepTheKnowledgeRuleQuiet() {
        RuleEngine e = engine(rule("any-hvil", "    systems: [hvil]\n")
                + "  - id: kb\n    kind: knowledge-base\n    minSeverity: high\n");
        assertEquals(List.of("any-hvil"), uds(e, "59 02 FF 0A 0A 00 09"));
        assertEquals(List.of("kb"), uds(e, "59 02 FF 0A 0A 00 09 0A A6 00 09"));
    }

    @Test
    void badCriteria_areRejectedAtLoad() {
        String bad = rule("x", "    spn: 600000\n");
        RuleLoadException ex = org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class, () -> engine(bad));
        assertTrue(ex.getMessage().contains("SPN 600000 is out of range"), ex.getMessage());
        RuleLoadException bits = org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
                () -> engine(rule("y", "    codes: [P0AA6]\n    statusBits: [lampOn]\n")));
        assertTrue(bits.getMessage().contains("unknown UDS status bit 'lampOn'"), bits.getMessage());
        RuleLoadException none = org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
                () -> engine(rule("z", "    ecus: [BMS]\n")));
        assertTrue(none.getMessage().contains("would match every DTC"), none.getMessage());
    }

    @Test
    void explicitRuleWaitingForConfirmation_keepsTheKnowledgeBaseRuleOffItsCode() {
        RuleEngine e = engine(rule("iso-confirmed", "    codes: [P0AA6]\n    state: confirmed\n")
                + "  - id: kb\n    kind: knowledge-base\n    minSeverity: high\n");
        assertEquals(List.of(), uds(e, "59 02 FF 0A A6 00 04"), "pending: neither the rule nor the knowledge base");
        assertEquals(List.of("iso-confirmed"), uds(e, "59 02 FF 0A A6 00 0C"));
    }
}

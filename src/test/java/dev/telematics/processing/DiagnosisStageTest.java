package dev.telematics.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.cases.Evidence;
import dev.telematics.dtc.DtcCode;
import dev.telematics.dtc.DtcReport;
import dev.telematics.dtc.DtcView;
import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.dtc.ReportedDtc;
import dev.telematics.dtc.UdsStatus;
import dev.telematics.rules.RuleFiring;
import dev.telematics.testing.TestFirings;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.VehicleState;
import dev.telematics.vehicle.Vin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evidence of a firing is bounded: the most relevant DTCs and signals first, the rest counted. */
class DiagnosisStageTest {
    private static final KnowledgeBase KB = KnowledgeBase.load(Path.of("rules"));
    private static final long T0 = 1_764_000_000_000L;
    private final VehicleState state = new VehicleState(Vin.of(TestFirings.VIN), 120, Duration.ofMinutes(10));

    private static List<ReportedDtc> codes(String first, int fillers) {
        List<ReportedDtc> out = new ArrayList<>();
        if (first != null) {
            out.add(ReportedDtc.j2012(DtcCode.parse(first)));
        }
        for (int k = 0; k < fillers; k++) {
            out.add(ReportedDtc.j2012(DtcCode.parse(String.format(Locale.ROOT, "P1%03X", k))));
        }
        return out;
    }

    private static RuleFiring dtcFiring(String ecu, String code, long ts) {
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("ecu", ecu);
        trigger.put("dtc", code);
        trigger.put("key", code);
        return new RuleFiring(TestFirings.rule("lost-comm-ecm", "lost-comm-ecm", "high", true),
                Vin.of(TestFirings.VIN), ts, trigger);
    }

    private Evidence diagnose(Evidence.Limits limits, RuleFiring f) {
        Firing firing = new Firing(state, f);
        new DiagnosisStage(() -> KB, limits).process(firing);
        return firing.evidence();
    }

    @Test
    void carWith64EcusOf500Codes_copiesOnly50Dtcs_theFiringsOwnFirst_andCountsTheRest() {
        for (int e = 0; e < 64; e++) { // 64 ECUs x 500 codes: U0100 on each, 499 fillers
            state.dtcs().apply(new DtcReport(T0 + e, "ECU" + e, "j2012", codes("U0100", 499), null));
        }
        Evidence ev = diagnose(Evidence.Limits.DEFAULTS, dtcFiring("ECU7", "U0100", T0 + 64));
        assertEquals(50, ev.dtcs().size());
        assertEquals(64 * 500 - 50, ev.dtcsOmitted());
        assertEquals("ECU7", ev.dtcs().get(0).ecu(), "the firing's own code on its ECU comes first");
        assertEquals("U0100", ev.dtcs().get(0).dtc());
        // then the same code on the other ECUs, the most recently seen first
        assertTrue(ev.dtcs().subList(0, 50).stream().allMatch(d -> d.dtc().equals("U0100")));
        assertEquals("ECU63", ev.dtcs().get(1).ecu());
        assertEquals(1, ev.diagnosis().size(), "one knowledge-base entry however many ECUs report the code");
    }

    @Test
    void confirmedCodesComeBeforePending_thenTheMostRecentlySeen() {
        UdsStatus pending = new UdsStatus(UdsStatus.PENDING_DTC | UdsStatus.TEST_FAILED);
        UdsStatus confirmed = new UdsStatus(UdsStatus.CONFIRMED_DTC);
        state.dtcs().apply(new DtcReport(T0, "A", "uds", List.of(
                ReportedDtc.uds(DtcCode.parse("P0101"), 0, pending),
                ReportedDtc.uds(DtcCode.parse("P0102"), 0, confirmed)), null));
        state.dtcs().apply(new DtcReport(T0 + 1000, "B", "uds", List.of(
                ReportedDtc.uds(DtcCode.parse("P0103"), 0, pending),
                ReportedDtc.uds(DtcCode.parse("P0104"), 0, confirmed)), null));
        state.dtcs().apply(new DtcReport(T0 + 2000, "C", "j2012", codes("U0100", 0), null));
        Evidence ev = diagnose(new Evidence.Limits(3, 40, 120), dtcFiring("C", "U0100", T0 + 2000));
        assertEquals(List.of("U0100", "P0104", "P0102"), ev.dtcs().stream().map(DtcView::code).toList());
        assertEquals(2, ev.dtcsOmitted());
    }

    @Test
    void signalsAndHistoryPoints_areCapped_theTriggersSignalFirst_newestPointsKept() {
        String lv = "Vehicle.LowVoltageBattery.CurrentVoltage";
        for (int s = 0; s < 10; s++) {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("Vehicle.Speed", 40.0 + s);
            values.put("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", 60.0);
            values.put(lv, 12.0 - s * 0.1);
            state.apply(new Sample(T0 + s * 1000L, s, values, Map.of()));
        }
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("signal", lv);
        trigger.put("value", 11.1);
        RuleFiring f = new RuleFiring(TestFirings.rule("lv-battery-low", "lv-battery-low", "medium", true),
                Vin.of(TestFirings.VIN), T0 + 9000, trigger);
        Evidence ev = diagnose(new Evidence.Limits(50, 2, 4), f);
        // the trigger's signal, then the first other by name; the third signal is left out with its 10 points
        assertEquals(Map.of(lv, 11.1, "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", 60.0).keySet(),
                ev.signals().keySet());
        assertEquals(1, ev.signalsOmitted());
        assertEquals(4, ev.recent().get(lv).size());
        assertEquals(T0 + 9000, ev.recent().get(lv).get(3).ts(), "the newest points are kept");
        assertEquals(6 + 6 + 10, ev.historyPointsOmitted());
    }

    @Test
    void sameStateFiringAgainLater_hasTheSameDigest_anotherCodeChangesIt() {
        state.dtcs().apply(new DtcReport(T0, "ECU0", "j2012", codes("U0100", 10), null));
        Evidence first = diagnose(Evidence.Limits.DEFAULTS, dtcFiring("ECU0", "U0100", T0));
        state.dtcs().apply(new DtcReport(T0 + 5000, "ECU0", "j2012", codes("U0100", 10), null)); // lastSeen moves
        Evidence again = diagnose(Evidence.Limits.DEFAULTS, dtcFiring("ECU0", "U0100", T0 + 5000));
        assertTrue(again.sameContentAs(first), "only the times changed");
        state.dtcs().apply(new DtcReport(T0 + 6000, "ECU0", "j2012", codes("U0100", 11), null));
        Evidence changed = diagnose(Evidence.Limits.DEFAULTS, dtcFiring("ECU0", "U0100", T0 + 6000));
        assertTrue(!changed.sameContentAs(first), "one more active code is a change");
    }

    @Test
    void oneReportFiringSeveralRules_givesEachCaseItsOwnCodeFirst_withinTheLimit() {
        ProcessingFixture f = new ProcessingFixture();
        Vin vin = Vin.of(TestFirings.VIN);
        for (int e = 0; e < 3; e++) {
            List<ReportedDtc> list = codes("U0100", 300);
            list.add(ReportedDtc.j2012(DtcCode.parse("P0AA6")));
            f.clock.advance(Duration.ofSeconds(1));
            f.processor.process(new dev.telematics.handoff.VehicleMessage.Dtcs(vin,
                    new DtcReport(f.clock.millis(), "ECU" + e, "j2012", list, null), System.nanoTime()));
        }
        List<dev.telematics.cases.DiagnosticCase> cases = f.all.workflow().list(
                new dev.telematics.cases.CaseQuery(null, null, vin.value(), 100));
        Map<String, String> firstDtcByProblem = new LinkedHashMap<>();
        for (var c : cases) {
            Evidence ev = c.latestEvidence();
            assertEquals(50, ev.dtcs().size());
            assertEquals(3 * 302 - 50, ev.dtcsOmitted());
            assertEquals("ECU2", ev.dtcs().get(0).ecu(), "the latest firing was on ECU2");
            firstDtcByProblem.put(c.problem(), ev.dtcs().get(0).dtc());
        }
        assertEquals(Map.of("lost-comm-ecm", "U0100", "hv-isolation", "P0AA6"), firstDtcByProblem);
    }

    @Test
    void limitsOutsideTheirRange_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Evidence.Limits(-1, 40, 120));
        assertThrows(IllegalArgumentException.class, () -> new Evidence.Limits(50, 40, Evidence.Limits.MAX + 1));
    }
}

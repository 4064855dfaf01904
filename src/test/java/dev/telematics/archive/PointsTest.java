package dev.telematics.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.telematics.cases.CaseEvent;
import dev.telematics.cases.CaseListener;
import dev.telematics.cases.Cases;
import dev.telematics.cases.CaseStatus;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.cases.Evidence;
import dev.telematics.cases.InMemoryCaseStore;
import dev.telematics.rules.OwnerMessage;
import dev.telematics.rules.RuleFiring;
import dev.telematics.rules.RuleMeta;
import dev.telematics.vehicle.Severity;
import dev.telematics.testing.ManualClock;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.Vin;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The archive's line protocol: measurement, tags, fields and the millisecond timestamp, exactly. */
class PointsTest {
    private static final Vin VIN = Vin.of("LRWDEMC0000000001");
    private static final RuleMeta RULE = new RuleMeta("lv-battery-low", "threshold", "d", Severity.MEDIUM, true,
            "lv-battery-low", new OwnerMessage("t", "x"), "test");

    @Test
    void sample_isOneTelemetryPointWithAFieldPerSignal_atTheCarsTime() {
        Map<String, Double> signals = new LinkedHashMap<>();
        signals.put("Vehicle.Speed", 42.5);
        signals.put("Vehicle.LowVoltageBattery.CurrentVoltage", 12.0);
        assertEquals("telemetry,model=LRWDEMC0,vin=LRWDEMC0000000001 Vehicle.LowVoltageBattery.CurrentVoltage=12.0,"
                + "Vehicle.Speed=42.5 1763800000123", Points.telemetry(VIN, Sample.of(1763800000123L, signals)));
        assertNull(Points.telemetry(VIN, Sample.of(1763800000123L, Map.of())), "no scalar signal, no point");
    }

    @Test
    void firing_isAnAlertWithRuleSeverityAndTheTriggeringValue() {
        assertEquals("alerts,model=LRWDEMC0,rule=lv-battery-low,severity=medium,vin=LRWDEMC0000000001 count=1i,value=11.2 "
                + "1763800000123", Points.alert(new RuleFiring(RULE, VIN, 1763800000123L, Map.of("value", 11.2))));
        assertEquals("alerts,model=LRWDEMC0,rule=lv-battery-low,severity=medium,vin=LRWDEMC0000000001 count=1i "
                + "1763800000123", Points.alert(new RuleFiring(RULE, VIN, 1763800000123L, Map.of("dtc", "P0AA6"))));
    }

    @Test
    void caseEvent_isTaggedWithCaseTypeAndStatus_atTheEventsTime() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-22T08:00:00Z"));
        Cases cases = Cases.of(new InMemoryCaseStore(), clock, CaseListener.NONE);
        DiagnosticCase c = cases.intake().recordFiring(new RuleFiring(RULE, VIN, 0, Map.of()), new Evidence(clock.instant(),
                Map.of(), Map.of(), Map.of(), Map.of(), List.of(), List.of())).diagnosticCase();
        DiagnosticCase acked = cases.workflow().acknowledge(c.number(), "ana");
        CaseEvent changed = acked.events().get(acked.events().size() - 1);
        assertEquals("case_events,case=SC-000001,model=LRWDEMC0,status=ACKNOWLEDGED,type=STATUS_CHANGED,"
                + "vin=LRWDEMC0000000001 count=1i 1795334400000", Points.caseEvent(acked, changed));
        assertEquals(CaseStatus.ACKNOWLEDGED, changed.to());
    }
}

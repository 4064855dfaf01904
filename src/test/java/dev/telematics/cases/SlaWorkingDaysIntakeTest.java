package dev.telematics.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.rules.OwnerMessage;
import dev.telematics.rules.RuleFiring;
import dev.telematics.rules.RuleMeta;
import dev.telematics.testing.ManualClock;
import dev.telematics.vehicle.Severity;
import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Cases held to working-day SLA targets: opening, reopening, escalation, and the overdue check. */
class SlaWorkingDaysIntakeTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String VIN = "LRWDEMC0000000001";
    private static final Instant FRIDAY_10 = berlin("2026-11-20T10:00");

    private final ManualClock clock = new ManualClock(FRIDAY_10);
    private final Cases cases = Cases.of(new InMemoryCaseStore(), clock, CaseListener.NONE, center());
    private int firings;

    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    /** Medium: acknowledge 4h, outcome 3 working days; high: 30m, 1 working day; the rest as shipped. Berlin, Christmas off. */
    private static ServiceCenterConfig center() {
        ServiceCenterConfig d = ServiceCenterConfig.defaults();
        Map<Severity, SlaTarget> sla = new EnumMap<>(d.sla());
        sla.put(Severity.MEDIUM, new SlaTarget(SlaDuration.parse("4h"), SlaDuration.parse("3 working days")));
        sla.put(Severity.HIGH, new SlaTarget(SlaDuration.parse("30m"), SlaDuration.parse("1 working day")));
        return d.withSla(sla).withCalendar(new WorkingCalendar(BERLIN, WorkingCalendar.MONDAY_TO_FRIDAY,
                Set.of(LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-25"))));
    }

    private DiagnosticCase fire(String ruleId, Severity severity) {
        RuleMeta rule = new RuleMeta(ruleId, "threshold", "d", severity, true, "lv-battery-low",
                new OwnerMessage("title", "text"), "test");
        Evidence e = new Evidence(clock.instant(), Map.of("value", 11.0 - firings++), Map.of(), Map.of(), Map.of(),
                List.of(), List.of());
        return cases.intake().recordFiring(new RuleFiring(rule, Vin.of(VIN), clock.millis(), Map.of()), e)
                .diagnosticCase();
    }

    private DiagnosticCase medium() {
        return fire("lv-battery-low", Severity.MEDIUM);
    }

    @Test
    void openedOnFriday_withThreeWorkingDays_isDueOnWednesday_andOverdueOnlyAfterIt() {
        DiagnosticCase c = medium();
        assertEquals(FRIDAY_10.plus(Duration.ofHours(4)), c.work().acknowledgeBy(), "elapsed acknowledge target unchanged");
        assertEquals(berlin("2026-11-25T10:00"), c.work().outcomeBy());
        cases.workflow().acknowledge(c.number(), "ana");
        clock.advance(Duration.between(FRIDAY_10, berlin("2026-11-25T09:59")));
        assertEquals(0, cases.sla().checkSla(), "Wednesday 09:59: still in time");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, cases.sla().checkSla());
        DiagnosticCase late = cases.workflow().get(c.number());
        assertTrue(late.work().overdue());
        assertEquals(List.of(CaseWork.OUTCOME), late.work().slaBreaches());
    }

    @Test
    void openedOnSaturday_isDueAtTheEndOfTheThirdWorkingDay() {
        clock.advance(Duration.between(FRIDAY_10, berlin("2026-11-21T15:00")));
        assertEquals(berlin("2026-11-26T00:00"), medium().work().outcomeBy());
    }

    @Test
    void openedBeforeChristmas_skipsTheHolidaysAndTheWeekend() {
        clock.advance(Duration.between(FRIDAY_10, berlin("2026-12-23T10:00")));
        assertEquals(berlin("2026-12-30T10:00"), medium().work().outcomeBy(), "Wed 23: Mon 28, Tue 29, Wed 30");
    }

    @Test
    void reopenedOnASaturday_countsFromTheReopening() {
        DiagnosticCase c = medium();
        CaseWorkflowTest.closeCase(cases.workflow(), c.number());
        clock.advance(Duration.ofDays(1)); // Saturday 10:00
        DiagnosticCase again = medium();
        assertEquals(c.id(), again.id());
        assertEquals(CaseStatus.OPEN, again.status());
        assertEquals(berlin("2026-11-26T00:00"), again.work().outcomeBy());
        assertEquals(clock.instant().plus(Duration.ofHours(4)), again.work().acknowledgeBy());
    }

    @Test
    void escalation_tightensToTheHigherSeveritysWorkingDays_fromTheOpening() {
        medium();
        clock.advance(Duration.ofMinutes(10));
        DiagnosticCase escalated = fire("lv-voltage-critical", Severity.HIGH);
        assertEquals(Severity.HIGH, escalated.severity());
        assertEquals(berlin("2026-11-23T10:00"), escalated.work().outcomeBy(), "1 working day from Friday 10:00: Monday");
        assertEquals(FRIDAY_10.plus(Duration.ofMinutes(30)), escalated.work().acknowledgeBy());
    }

    @Test
    void elapsedTimeTargets_keepRunningThroughTheWeekend() {
        Cases plain = Cases.of(new InMemoryCaseStore(), clock, CaseListener.NONE,
                ServiceCenterConfig.defaults().withCalendar(center().calendar()));
        RuleMeta rule = new RuleMeta("lv-battery-low", "threshold", "d", Severity.MEDIUM, true, "lv-battery-low",
                new OwnerMessage("title", "text"), "test");
        DiagnosticCase c = plain.intake().recordFiring(new RuleFiring(rule, Vin.of(VIN), clock.millis(), Map.of()),
                new Evidence(FRIDAY_10, Map.of("value", 11.2), Map.of(), Map.of(), Map.of(), List.of(), List.of()))
                .diagnosticCase();
        assertEquals(FRIDAY_10.plus(Duration.ofHours(72)), c.work().outcomeBy(), "72h: Monday 10:00");
    }

    @Test
    void aWorkingDayShortenedByDaylightSaving_neverEndsBeforeTheAcknowledgeTarget() {
        ServiceCenterConfig d = ServiceCenterConfig.defaults();
        Map<Severity, SlaTarget> sla = new EnumMap<>(d.sla());
        sla.put(Severity.MEDIUM, new SlaTarget(SlaDuration.parse("24h"), SlaDuration.parse("1 working day")));
        ServiceCenterConfig everyDay = d.withSla(sla).withCalendar(new WorkingCalendar(BERLIN,
                Set.of(java.time.DayOfWeek.values()), Set.of()));
        Instant saturday = berlin("2026-03-28T10:00"); // Sunday 10:00 CEST is 23h later
        assertEquals(berlin("2026-03-29T10:00"), everyDay.calendar().deadline(saturday, SlaDuration.ofWorkingDays(1)));
        assertEquals(saturday.plus(Duration.ofHours(24)), everyDay.outcomeBy(Severity.MEDIUM, saturday));
    }
}

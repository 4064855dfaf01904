package dev.telematics.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.rules.OwnerMessage;
import dev.telematics.rules.RuleFiring;
import dev.telematics.rules.RuleMeta;
import dev.telematics.vehicle.Severity;
import dev.telematics.testing.ManualClock;
import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rule firings into cases: open, recur, escalate, reopen, and what they leave alone. */
class CaseIntakeTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static final String VIN = "LRWDEMC0000000001";

    private final ManualClock clock = new ManualClock(T0);
    private final Cases cases = Cases.of(new InMemoryCaseStore(), clock, CaseListener.NONE);
    private final CaseIntake intake = cases.intake();
    private final CaseWorkflow workflow = cases.workflow();
    private final RuleMeta rule = rule("lv-battery-low", Severity.MEDIUM);
    private final Evidence evidence = evidence(11.2);

    private static RuleMeta rule(String id, Severity severity) {
        return new RuleMeta(id, "threshold", "d", severity, true, "lv-battery-low",
                new OwnerMessage("title of " + id, "text"), "test");
    }

    private static Evidence evidence(double value) {
        return new Evidence(T0, Map.of("value", value), Map.of(), Map.of(), Map.of(), List.of(), List.of());
    }

    private int firings;

    /** One more firing of the rule, at a later car time each (the same car time and trigger is the same firing). */
    private CaseOutcome fire(String vin) {
        return fire(intake, rule, vin, new Evidence(T0.plusSeconds(firings++), Map.of("value", 11.2), Map.of(), Map.of(),
                Map.of(), List.of(), List.of()));
    }

    static CaseOutcome fire(CaseIntake s, RuleMeta r, String vin, Evidence e) {
        return s.recordFiring(new RuleFiring(r, Vin.of(vin), T0.toEpochMilli(), Map.of()), e);
    }

    @Test
    void firstFiring_opensCaseWithNumberAndEvidence() {
        CaseOutcome o = fire(VIN);
        assertTrue(o.opened());
        DiagnosticCase c = o.diagnosticCase();
        assertEquals("SC-000001", c.number());
        assertEquals(CaseStatus.OPEN, c.status());
        assertEquals(11.2, c.evidence().trigger().get("value"));
        assertEquals(CaseEventType.OPENED, c.events().get(0).type());
    }

    @Test
    void recurrenceOfOpenCase_addsOccurrenceWithoutNewCase() {
        DiagnosticCase first = fire(VIN).diagnosticCase();
        clock.advance(Duration.ofMinutes(3));
        CaseOutcome again = fire(intake, rule, VIN, evidence(10.9));
        assertFalse(again.opened());
        assertFalse(again.escalated());
        DiagnosticCase c = again.diagnosticCase();
        assertEquals(first.id(), c.id());
        assertEquals(2, c.occurrences());
        assertEquals(T0.plus(Duration.ofMinutes(3)), c.lastSeenAt());
        assertEquals(T0, c.openedAt());
        assertEquals(11.2, c.evidence().trigger().get("value"), "first evidence is kept");
        assertEquals(10.9, c.latestEvidence().trigger().get("value"));
        assertEquals(1, workflow.list(CaseQuery.all()).size());
        assertTrue(fire("LRWDEMC0000000002").opened());
    }

    @Test
    void moreSevereRuleOfTheSameProblem_escalatesTheCase() {
        fire(VIN);
        CaseOutcome o = fire(intake, rule("lv-voltage-critical", Severity.HIGH), VIN, evidence(10.5));
        assertTrue(o.escalated());
        assertEquals(Severity.HIGH, o.diagnosticCase().severity());
        assertEquals("lv-voltage-critical", o.diagnosticCase().ruleId());
        assertEquals(CaseEventType.ESCALATED, o.diagnosticCase().events().get(2).type());
        // a less severe firing afterwards does not lower it
        CaseOutcome later = fire(VIN);
        assertFalse(later.escalated());
        assertEquals(Severity.HIGH, later.diagnosticCase().severity());
    }

    @Test
    void theSameFiringAgain_isAReplay_noSecondOccurrenceAndNoWarning() {
        Evidence e = new Evidence(T0, Map.of("value", 11.2, "seq", 7L), Map.of(), Map.of(), Map.of(), List.of(), List.of());
        assertTrue(fire(intake, rule, VIN, e).opened());
        CaseOutcome again = fire(intake, rule, VIN, new Evidence(T0, Map.of("value", 11.2, "seq", 7), Map.of(), Map.of(),
                Map.of(), List.of(), List.of())); // as read back from the store: the seq an Integer
        assertTrue(again.replayed());
        assertEquals(1, again.diagnosticCase().occurrences());
        assertTrue(new dev.telematics.notify.WarningPolicy(java.time.Duration.ZERO).decide(again, T0).isEmpty(),
                "nobody is warned twice");
        CaseOutcome next = fire(intake, rule, VIN, new Evidence(T0, Map.of("value", 11.2, "seq", 8L), Map.of(), Map.of(),
                Map.of(), List.of(), List.of()));
        assertFalse(next.replayed(), "the next message at the same car time is a new firing");
        assertEquals(2, next.diagnosticCase().occurrences());
    }

    @Test
    void flappingProblem_countsEveryOccurrenceButAuditsOnlyTheFirstOnes() {
        for (int i = 0; i < 100; i++) {
            fire(VIN);
        }
        DiagnosticCase c = workflow.get("SC-000001");
        assertEquals(100, c.occurrences());
        assertEquals(1 + CaseIntake.AUDITED_RECURRENCES, c.events().size());
    }

    @Test
    void acknowledgedCase_stillCollectsRecurrences_caseClosedLongAgoDoesNot() {
        DiagnosticCase c = fire(VIN).diagnosticCase();
        workflow.acknowledge(c.number(), "ana");
        assertEquals(c.id(), fire(VIN).diagnosticCase().id());
        workflow.transition(c.number(), "ana", CaseStatus.IN_DIAGNOSIS, null, null);
        workflow.transition(c.number(), "ana", CaseStatus.SERVICE_BOOKED, null, null);
        assertEquals(c.id(), fire(VIN).diagnosticCase().id(), "still active until closed");
        workflow.transition(c.number(), "ana", CaseStatus.CLOSED, "battery replaced", null);
        clock.advance(workflow.center().reopenWithin().plusSeconds(1));
        DiagnosticCase next = fire(VIN).diagnosticCase();
        assertNotEquals(c.id(), next.id());
        assertEquals(CaseStatus.CLOSED, workflow.get(c.number()).status());
    }

    @Test
    void caseClosedWhileTheEngineRecordsAFiring_opensANewCase() {
        InMemoryCaseStore real = new InMemoryCaseStore();
        CaseWorkflow technician = Cases.of(real, clock, CaseListener.NONE).workflow();
        // a store through which the technician resolves the case right after the engine looked it up
        CaseStore racing = new CaseStore() {
            private boolean raced;

            public DiagnosticCase create(NewCase n) {
                return real.create(n);
            }

            public Optional<DiagnosticCase> findById(long id) {
                return real.findById(id);
            }

            public Optional<DiagnosticCase> findByNumber(String number) {
                return real.findByNumber(number);
            }

            public Optional<DiagnosticCase> findActive(String vin, String problem) {
                Optional<DiagnosticCase> found = real.findActive(vin, problem);
                if (found.isPresent() && !raced) {
                    raced = true;
                    CaseWorkflowTest.closeCase(technician, found.get().number());
                    clock.advance(Duration.ofDays(30)); // long after: a new case, not a reopening
                }
                return found;
            }

            public DiagnosticCase update(DiagnosticCase changed) {
                return real.update(changed);
            }

            public List<DiagnosticCase> list(CaseQuery q) {
                return real.list(q);
            }

            public long count() {
                return real.count();
            }

            public Optional<DiagnosticCase> findLatest(String vin, String problem) {
                return real.findLatest(vin, problem);
            }

            public List<DiagnosticCase> slaDueBefore(Instant t, int limit) {
                return real.slaDueBefore(t, limit);
            }

            public Map<String, Long> activeCasesByAssignee() {
                return real.activeCasesByAssignee();
            }

            public Map<CaseStatus, Long> countByStatus() {
                return real.countByStatus();
            }
        };
        CaseIntake engine = Cases.of(racing, clock, CaseListener.NONE).intake();
        DiagnosticCase first = fire(engine, rule, VIN, evidence).diagnosticCase();
        CaseOutcome second = fire(engine, rule, VIN, new Evidence(T0.plusSeconds(1), Map.of("value", 11.2), Map.of(),
                Map.of(), Map.of(), List.of(), List.of()));
        assertTrue(second.opened(), "the firing must not vanish into the closed case");
        assertNotEquals(first.id(), second.diagnosticCase().id());
        assertEquals(CaseStatus.CLOSED, real.findById(first.id()).orElseThrow().status());
        assertEquals(1, real.findById(first.id()).orElseThrow().occurrences());
    }

    @Test
    void firings_neverTouchTheOwnerWarnedTime_escalationAndReopeningIncluded() {
        DiagnosticCase c = fire(VIN).diagnosticCase();
        assertNull(c.work().ownerWarnedAt(), "recorded by the delivery tier once the broker took the warning");
        Instant warned = T0.plusSeconds(5);
        workflow.ownerWarned(c.id(), "W-1", warned);
        clock.advance(Duration.ofDays(2));
        CaseOutcome recurrence = fire(VIN);
        assertFalse(recurrence.escalated());
        assertEquals(warned, recurrence.diagnosticCase().work().ownerWarnedAt(), "a recurrence a reminder period later");
        CaseOutcome escalation = fire(intake, rule("lv-voltage-critical", Severity.HIGH), VIN, evidence(10.5));
        assertTrue(escalation.escalated());
        assertEquals(warned, escalation.diagnosticCase().work().ownerWarnedAt());
        CaseWorkflowTest.closeCase(workflow, c.number());
        clock.advance(Duration.ofHours(1));
        CaseOutcome reopened = fire(VIN);
        assertTrue(reopened.opened());
        assertEquals(c.id(), reopened.diagnosticCase().id());
        assertEquals(warned, reopened.diagnosticCase().work().ownerWarnedAt());
    }
}

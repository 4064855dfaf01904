package dev.telematics.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

class CaseServiceTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static final String VIN = "LRWDEMC0000000001";

    private final ManualClock clock = new ManualClock(T0);
    private final CaseService service = new CaseService(new InMemoryCaseStore(), clock, CaseListener.NONE);
    private final RuleMeta rule = rule("lv-battery-low", Severity.MEDIUM);
    private final Evidence evidence = evidence(11.2);

    private static RuleMeta rule(String id, Severity severity) {
        return new RuleMeta(id, "threshold", "d", severity, true, "lv-battery-low",
                new OwnerMessage("title of " + id, "text"), "test");
    }

    private static Evidence evidence(double value) {
        return new Evidence(T0, Map.of("value", value), Map.of(), Map.of(), Map.of(), List.of(), List.of());
    }

    private CaseOutcome fire(String vin) {
        return fire(service, rule, vin, evidence);
    }

    private static CaseOutcome fire(CaseService s, RuleMeta r, String vin, Evidence e) {
        return s.recordFiring(new RuleFiring(r, Vin.of(vin), T0.toEpochMilli(), Map.of()), e);
    }

    /** A technician takes the case through the workflow to CLOSED. */
    static void closeCase(CaseService s, String ref) {
        s.acknowledge(ref, "ana");
        s.transition(ref, "ana", CaseStatus.IN_DIAGNOSIS, null, null);
        s.transition(ref, "ana", CaseStatus.RESOLVED_REMOTELY, "reset the DC-DC converter over the air", null);
        s.transition(ref, "ana", CaseStatus.CLOSED, "owner confirmed", null);
    }

    @Test
    void firstFiring_opensCaseWithNumberAndEvidence() {
        CaseOutcome o = fire(VIN);
        assertTrue(o.opened());
        DiagnosticCase c = o.diagnosticCase();
        assertEquals("SC-000001", c.number());
        assertEquals(CaseStatus.OPEN, c.status());
        assertEquals(11.2, c.evidence().trigger().get("value"));
        assertEquals("OPENED", c.events().get(0).type());
    }

    @Test
    void repeatedFiring_updatesCountLastSeenAndLatestEvidenceOfTheOpenCase() {
        DiagnosticCase first = fire(VIN).diagnosticCase();
        clock.advance(Duration.ofMinutes(3));
        CaseOutcome again = fire(service, rule, VIN, evidence(10.9));
        assertFalse(again.opened());
        assertFalse(again.escalated());
        DiagnosticCase c = again.diagnosticCase();
        assertEquals(first.id(), c.id());
        assertEquals(2, c.occurrences());
        assertEquals(T0.plus(Duration.ofMinutes(3)), c.lastSeenAt());
        assertEquals(T0, c.openedAt());
        assertEquals(11.2, c.evidence().trigger().get("value"), "first evidence is kept");
        assertEquals(10.9, c.latestEvidence().trigger().get("value"));
        assertEquals(1, service.list(CaseQuery.all()).size());
        assertTrue(fire("LRWDEMC0000000002").opened());
    }

    @Test
    void moreSevereRuleOfTheSameProblem_escalatesTheCase() {
        fire(VIN);
        CaseOutcome o = fire(service, rule("lv-voltage-critical", Severity.HIGH), VIN, evidence(10.5));
        assertTrue(o.escalated());
        assertEquals(Severity.HIGH, o.diagnosticCase().severity());
        assertEquals("lv-voltage-critical", o.diagnosticCase().ruleId());
        assertEquals("ESCALATED", o.diagnosticCase().events().get(2).type());
        // a less severe firing afterwards does not lower it
        CaseOutcome later = fire(VIN);
        assertFalse(later.escalated());
        assertEquals(Severity.HIGH, later.diagnosticCase().severity());
    }

    @Test
    void flappingProblem_countsEveryOccurrenceButAuditsOnlyTheFirstOnes() {
        for (int i = 0; i < 100; i++) {
            fire(VIN);
        }
        DiagnosticCase c = service.get("SC-000001");
        assertEquals(100, c.occurrences());
        assertEquals(1 + CaseService.AUDITED_RECURRENCES, c.events().size());
    }

    @Test
    void acknowledgedCase_stillCollectsRecurrences_caseClosedLongAgoDoesNot() {
        DiagnosticCase c = fire(VIN).diagnosticCase();
        service.acknowledge(c.number(), "ana");
        assertEquals(c.id(), fire(VIN).diagnosticCase().id());
        service.transition(c.number(), "ana", CaseStatus.IN_DIAGNOSIS, null, null);
        service.transition(c.number(), "ana", CaseStatus.SERVICE_BOOKED, null, null);
        assertEquals(c.id(), fire(VIN).diagnosticCase().id(), "still active until closed");
        service.transition(c.number(), "ana", CaseStatus.CLOSED, "battery replaced", null);
        clock.advance(service.center().reopenWithin().plusSeconds(1));
        DiagnosticCase next = fire(VIN).diagnosticCase();
        assertNotEquals(c.id(), next.id());
        assertEquals(CaseStatus.CLOSED, service.get(c.number()).status());
    }

    @Test
    void caseClosedWhileTheEngineRecordsAFiring_opensANewCase() {
        InMemoryCaseStore real = new InMemoryCaseStore();
        CaseService technician = new CaseService(real, clock, CaseListener.NONE);
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
                    closeCase(technician, found.get().number());
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
        CaseService engine = new CaseService(racing, clock, CaseListener.NONE);
        DiagnosticCase first = fire(engine, rule, VIN, evidence).diagnosticCase();
        CaseOutcome second = fire(engine, rule, VIN, evidence);
        assertTrue(second.opened(), "the firing must not vanish into the closed case");
        assertNotEquals(first.id(), second.diagnosticCase().id());
        assertEquals(CaseStatus.CLOSED, real.findById(first.id()).orElseThrow().status());
        assertEquals(1, real.findById(first.id()).orElseThrow().occurrences());
    }

    @Test
    void invalidTransition_isRefusedWithStableCode() {
        DiagnosticCase c = fire(VIN).diagnosticCase();
        service.acknowledge(c.number(), "ana");
        EngineException e = assertThrows(EngineException.class, () -> service.acknowledge(c.number(), "ana"));
        assertEquals(ErrorCode.INVALID_TRANSITION, e.code());
        assertEquals(ErrorCode.INVALID_TRANSITION, assertThrows(EngineException.class,
                () -> service.transition(c.number(), "ana", CaseStatus.SERVICE_BOOKED, null, null)).code(),
                "an outcome needs a diagnosis first");
        assertEquals(List.of(CaseStatus.IN_DIAGNOSIS), List.copyOf(CaseStatus.ACKNOWLEDGED.allowedNext()));
        assertTrue(CaseStatus.CLOSED.allowedNext().isEmpty());
        assertEquals(2, service.get(c.number()).events().size(), "refused transitions change nothing");
    }

    @Test
    void notes_areAuditedAndValidated() {
        DiagnosticCase c = fire(VIN).diagnosticCase();
        DiagnosticCase withNote = service.addNote(c.number(), "ana", "Resting voltage 11.4 V; asked owner to drive.");
        assertEquals("ana", withNote.notes().get(0).author());
        assertEquals("NOTE_ADDED", withNote.events().get(1).type());
        assertEquals(ErrorCode.MISSING_FIELD,
                assertThrows(EngineException.class, () -> service.addNote(c.number(), "ana", " ")).code());
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, assertThrows(EngineException.class,
                () -> service.addNote(c.number(), "ana", "x".repeat(CaseService.MAX_NOTE_LENGTH + 1))).code());
        assertEquals(1, service.get(c.number()).notes().size());
    }

    @Test
    void unknownCase_isNotFound() {
        assertEquals(ErrorCode.CASE_NOT_FOUND,
                assertThrows(EngineException.class, () -> service.get("SC-999999")).code());
        assertEquals(ErrorCode.CASE_NOT_FOUND, assertThrows(EngineException.class, () -> service.get("abc")).code());
    }

    @Test
    void staleUpdate_isRefusedByTheStore() {
        InMemoryCaseStore store = new InMemoryCaseStore();
        CaseService s = new CaseService(store, clock, CaseListener.NONE);
        DiagnosticCase c = fire(s, rule, VIN, evidence).diagnosticCase();
        store.update(c);
        EngineException e = assertThrows(EngineException.class, () -> store.update(c));
        assertEquals(ErrorCode.STALE_UPDATE, e.code());
    }
}

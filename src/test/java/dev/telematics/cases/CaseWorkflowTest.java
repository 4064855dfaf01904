package dev.telematics.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;

/** The technicians' and owners' side of a case: workflow, notes, look-ups and the owner's last warning. */
class CaseWorkflowTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static final String VIN = "LRWDEMC0000000001";
    private static final RuleMeta RULE = new RuleMeta("lv-battery-low", "threshold", "d", Severity.MEDIUM, true,
            "lv-battery-low", new OwnerMessage("title", "text"), "test");
    private static final Evidence EVIDENCE = new Evidence(T0, Map.of("value", 11.2), Map.of(), Map.of(), Map.of(),
            List.of(), List.of());

    private final ManualClock clock = new ManualClock(T0);
    private final Cases cases = Cases.of(new InMemoryCaseStore(), clock, CaseListener.NONE);
    private final CaseWorkflow workflow = cases.workflow();

    private CaseOutcome fire(String vin) {
        return cases.intake().recordFiring(new RuleFiring(RULE, Vin.of(vin), T0.toEpochMilli(), Map.of()), EVIDENCE);
    }

    /** A technician takes the case through the workflow to CLOSED. */
    static void closeCase(CaseWorkflow w, String ref) {
        w.acknowledge(ref, "ana");
        w.transition(ref, "ana", CaseStatus.IN_DIAGNOSIS, null, null);
        w.transition(ref, "ana", CaseStatus.RESOLVED_REMOTELY, "reset the DC-DC converter over the air", null);
        w.transition(ref, "ana", CaseStatus.CLOSED, "owner confirmed", null);
    }

    @Test
    void transitionTheWorkflowDoesNotAllow_isRefusedAndChangesNothing() {
        DiagnosticCase c = fire(VIN).diagnosticCase();
        workflow.acknowledge(c.number(), "ana");
        EngineException e = assertThrows(EngineException.class, () -> workflow.acknowledge(c.number(), "ana"));
        assertEquals(ErrorCode.INVALID_TRANSITION, e.code());
        assertEquals(ErrorCode.INVALID_TRANSITION, assertThrows(EngineException.class,
                () -> workflow.transition(c.number(), "ana", CaseStatus.SERVICE_BOOKED, null, null)).code(),
                "an outcome needs a diagnosis first");
        assertEquals(List.of(CaseStatus.IN_DIAGNOSIS), List.copyOf(CaseStatus.ACKNOWLEDGED.allowedNext()));
        assertTrue(CaseStatus.CLOSED.allowedNext().isEmpty());
        assertEquals(2, workflow.get(c.number()).events().size(), "refused transitions change nothing");
    }

    @Test
    void notes_areAuditedAndBlankOrOversizedOnesRefused() {
        DiagnosticCase c = fire(VIN).diagnosticCase();
        DiagnosticCase withNote = workflow.addNote(c.number(), "ana", "Resting voltage 11.4 V; asked owner to drive.");
        assertEquals("ana", withNote.notes().get(0).author());
        assertEquals(CaseEventType.NOTE_ADDED, withNote.events().get(1).type());
        assertEquals(ErrorCode.MISSING_FIELD,
                assertThrows(EngineException.class, () -> workflow.addNote(c.number(), "ana", " ")).code());
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, assertThrows(EngineException.class,
                () -> workflow.addNote(c.number(), "ana", "x".repeat(CaseWorkflow.MAX_NOTE_LENGTH + 1))).code());
        assertEquals(1, workflow.get(c.number()).notes().size());
    }

    @Test
    void unknownCaseNumberOrText_isCaseNotFound() {
        assertEquals(ErrorCode.CASE_NOT_FOUND,
                assertThrows(EngineException.class, () -> workflow.get("SC-999999")).code());
        assertEquals(ErrorCode.CASE_NOT_FOUND, assertThrows(EngineException.class, () -> workflow.get("abc")).code());
    }

    @Test
    void staleWrite_isRefusedByTheStore() {
        InMemoryCaseStore store = new InMemoryCaseStore();
        DiagnosticCase c = CaseIntakeTest.fire(Cases.of(store, clock, CaseListener.NONE).intake(), RULE, VIN, EVIDENCE)
                .diagnosticCase();
        store.update(c);
        EngineException e = assertThrows(EngineException.class, () -> store.update(c));
        assertEquals(ErrorCode.STALE_UPDATE, e.code());
    }

    @Test
    void ownerWarned_recordsWhichWarningAndTheTime_asAnUnauditedEngineChange() {
        DiagnosticCase c = fire(VIN).diagnosticCase();
        Instant at = T0.plusSeconds(2);
        DiagnosticCase warned = workflow.ownerWarned(c.id(), "W-1", at);
        assertEquals(at, warned.work().ownerWarnedAt());
        assertEquals(List.of(new SentWarning("W-1", at, null)), warned.work().ownerWarnings());
        assertEquals(c.version(), warned.version(), "not an edit of the service center");
        assertEquals(c.events(), warned.events(), "not an audited event");
        assertEquals(at, workflow.get(c.number()).work().ownerWarnedAt());
    }

    @Test
    void ownerWarned_neverMovesTheTimeBack_recordsTheSameWarningOnce_andAnUnknownCaseIsNotFound() {
        DiagnosticCase c = fire(VIN).diagnosticCase();
        DiagnosticCase later = workflow.ownerWarned(c.id(), "W-2", T0.plusSeconds(60));
        DiagnosticCase late = workflow.ownerWarned(c.id(), "W-1", T0.plusSeconds(30)); // an older warning's callback
        assertEquals(T0.plusSeconds(60), late.work().ownerWarnedAt());
        assertEquals(List.of("W-2", "W-1"), late.work().ownerWarnings().stream().map(SentWarning::warningId).toList());
        DiagnosticCase again = workflow.ownerWarned(c.id(), "W-1", T0.plusSeconds(30));
        assertEquals(late.storeVersion(), again.storeVersion(), "nothing written");
        assertEquals(later.version(), again.version());
        assertEquals(ErrorCode.CASE_NOT_FOUND,
                assertThrows(EngineException.class, () -> workflow.ownerWarned(999, "W-3", T0)).code());
    }

    @Test
    void ownerWarned_isReappliedWhenATechnicianChangedTheCaseMeanwhile_andTheirStaleEditIsRefused() {
        DiagnosticCase c = fire(VIN).diagnosticCase();
        long seen = c.version();
        workflow.acknowledge(c.number(), "ana");
        DiagnosticCase warned = workflow.ownerWarned(c.id(), "W-1", T0.plusSeconds(5));
        assertEquals(CaseStatus.ACKNOWLEDGED, warned.status(), "the technician's change is kept");
        assertEquals(ErrorCode.STALE_UPDATE, assertThrows(EngineException.class,
                () -> workflow.addNote(c.number(), "wei", "based on an old read", seen)).code());
        assertNull(workflow.get(c.number()).notes().stream().findFirst().orElse(null));
        assertTrue(workflow.get(c.number()).events().stream().noneMatch(e -> e.type() == CaseEventType.NOTE_ADDED));
    }
}

package dev.telematics.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.rules.OwnerMessage;
import dev.telematics.rules.RuleFiring;
import dev.telematics.rules.RuleMeta;
import dev.telematics.rules.Severity;
import dev.telematics.vehicle.Vin;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaseServiceTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private final CaseService service = new CaseService(new InMemoryCaseStore(), Clock.fixed(T0, ZoneOffset.UTC),
            CaseListener.NONE);
    private final RuleMeta rule = new RuleMeta("lv-battery-low", "threshold", "d", Severity.HIGH, true, null,
            new OwnerMessage("12 V battery low", "text"), "test");
    private final Evidence evidence = new Evidence(T0, Map.of("value", 11.2), Map.of(), Map.of(), Map.of());

    private CaseOutcome fire(String vin) {
        return service.recordFiring(new RuleFiring(rule, Vin.of(vin), T0.toEpochMilli(), Map.of()), evidence);
    }

    @Test
    void firstFiring_opensCaseWithNumberAndEvidence() {
        CaseOutcome o = fire("LRWDEMC0000000001");
        assertTrue(o.opened());
        DiagnosticCase c = o.diagnosticCase();
        assertEquals("SC-000001", c.number());
        assertEquals(CaseStatus.OPEN, c.status());
        assertEquals(11.2, c.evidence().trigger().get("value"));
        assertEquals("OPENED", c.events().get(0).type());
    }

    @Test
    void repeatedFiring_updatesCountOfTheOpenCase() {
        DiagnosticCase first = fire("LRWDEMC0000000001").diagnosticCase();
        CaseOutcome again = fire("LRWDEMC0000000001");
        assertEquals(false, again.opened());
        assertEquals(first.id(), again.diagnosticCase().id());
        assertEquals(2, again.diagnosticCase().occurrences());
        assertEquals(1, service.list(CaseQuery.all()).size());
        assertTrue(fire("LRWDEMC0000000002").opened());
    }

    @Test
    void acknowledgedCase_stillCollectsRecurrences_resolvedCaseDoesNot() {
        DiagnosticCase c = fire("LRWDEMC0000000001").diagnosticCase();
        service.acknowledge(c.number(), "ana");
        assertEquals(c.id(), fire("LRWDEMC0000000001").diagnosticCase().id());
        service.resolve(String.valueOf(c.id()), "ana", "battery replaced");
        DiagnosticCase next = fire("LRWDEMC0000000001").diagnosticCase();
        assertNotEquals(c.id(), next.id());
    }

    @Test
    void invalidTransition_isRefusedWithStableCode() {
        DiagnosticCase c = fire("LRWDEMC0000000001").diagnosticCase();
        service.acknowledge(c.number(), "ana");
        EngineException e = assertThrows(EngineException.class, () -> service.acknowledge(c.number(), "ana"));
        assertEquals(ErrorCode.INVALID_TRANSITION, e.code());
        service.resolve(c.number(), "ana", null);
        assertEquals(ErrorCode.INVALID_TRANSITION,
                assertThrows(EngineException.class, () -> service.resolve(c.number(), "ana", null)).code());
    }

    @Test
    void notes_areAuditedAndValidated() {
        DiagnosticCase c = fire("LRWDEMC0000000001").diagnosticCase();
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
        CaseService s = new CaseService(store, Clock.fixed(T0, ZoneOffset.UTC), CaseListener.NONE);
        DiagnosticCase c = s.recordFiring(new RuleFiring(rule, Vin.of("LRWDEMC0000000001"), 0, Map.of()), evidence)
                .diagnosticCase();
        store.update(c);
        EngineException e = assertThrows(EngineException.class, () -> store.update(c));
        assertEquals(ErrorCode.STALE_UPDATE, e.code());
    }
}

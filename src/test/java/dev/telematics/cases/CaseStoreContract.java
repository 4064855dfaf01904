package dev.telematics.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.dtc.DtcView;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.vehicle.Severity;
import dev.telematics.vehicle.TimedValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link CaseStore} must do; run against the in-memory store, H2 and PostgreSQL. */
abstract class CaseStoreContract {
    static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

    /** A fresh, empty store. */
    abstract CaseStore store();

    static Evidence evidence(double value) {
        DtcView dtc = new DtcView("BMS", "P0AA6-00", "P0AA6", "Hybrid Battery Voltage System Isolation Fault",
                "hv-isolation", false, 0, "General Failure Information", 0x2F, List.of("testFailed", "confirmedDTC"),
                null, null, null, "CONFIRMED", T0, T0, 1);
        return new Evidence(T0, Map.of("value", value, "rule", "x"),
                Map.of("Vehicle.LowVoltageBattery.CurrentVoltage", value),
                Map.of("Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages", new double[] {3.71, 3.72}),
                Map.of("Vehicle.LowVoltageBattery.CurrentVoltage", List.of(new TimedValue(T0.toEpochMilli(), value))),
                List.of(dtc), List.of());
    }

    static NewCase newCase(String vin, String problem, Severity severity, String assignee, Instant ackBy) {
        return new NewCase(vin, problem, problem + "-rule", severity, "title", "description", T0, evidence(11.2),
                new CaseEvent(T0, "engine", CaseEventType.OPENED, null, CaseStatus.OPEN, "fired"),
                new CaseWork(assignee, "hv-battery", ackBy, ackBy.plus(Duration.ofHours(4)), List.of(), null, null, T0, T0, List.of()));
    }

    @Test
    void createdCase_isFoundByIdNumberAndActiveKey_withEvidenceIntact() {
        CaseStore s = store();
        DiagnosticCase c = s.create(newCase("LRWDEMC0000000001", "hv-isolation", Severity.CRITICAL, "ana", T0.plusSeconds(300)));
        DiagnosticCase found = s.findByNumber(c.number()).orElseThrow();
        assertEquals(c.id(), found.id());
        assertEquals(1, found.version());
        assertEquals(T0, found.openedAt());
        assertEquals(11.2, found.evidence().signals().get("Vehicle.LowVoltageBattery.CurrentVoltage"));
        assertEquals(3.72, found.evidence().arraySignals().get("Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages")[1]);
        assertEquals("P0AA6-00", found.evidence().dtcs().get(0).dtc());
        assertEquals(List.of("testFailed", "confirmedDTC"), found.evidence().dtcs().get(0).statusBits());
        assertEquals("ana", found.work().assignee());
        assertEquals(T0.plusSeconds(300), found.slaDueAt());
        assertEquals(CaseEventType.OPENED, found.events().get(0).type());
        assertEquals(c.id(), s.findActive("LRWDEMC0000000001", "hv-isolation").orElseThrow().id());
        assertTrue(s.findActive("LRWDEMC0000000001", "other").isEmpty());
    }

    @Test
    void editVersionAndSentWarnings_areStoredAsGiven_apartFromTheStoreVersion() {
        CaseStore s = store();
        DiagnosticCase c = s.create(newCase("LRWDEMC0000000001", "hv-isolation", Severity.HIGH, null, T0));
        DiagnosticCase edited = s.update(c.withNextEditVersion()
                .withWork(c.work().withOwnerWarning(new SentWarning("W-1", T0, null)), null));
        s.update(edited.withWork(edited.work().withOwnerWarning(new SentWarning("W-1", T0, T0.plusSeconds(1))), null));
        DiagnosticCase read = s.findById(c.id()).orElseThrow();
        assertEquals(2, read.version(), "one edit of the service center");
        assertEquals(3, read.storeVersion(), "every write");
        assertEquals(List.of(new SentWarning("W-1", T0, T0.plusSeconds(1))), read.work().ownerWarnings());
        assertEquals(ErrorCode.STALE_UPDATE, assertThrows(EngineException.class, () -> s.update(edited)).code());
    }

    @Test
    void secondActiveCaseOfTheSameProblem_isRefused() {
        CaseStore s = store();
        s.create(newCase("LRWDEMC0000000001", "hv-isolation", Severity.CRITICAL, null, T0));
        EngineException e = assertThrows(EngineException.class,
                () -> s.create(newCase("LRWDEMC0000000001", "hv-isolation", Severity.CRITICAL, null, T0)));
        assertEquals(ErrorCode.STALE_UPDATE, e.code());
        assertEquals(1, s.count());
    }

    @Test
    void update_appendsEventsAndNotes_bumpsTheVersion_andRefusesAStaleOne() {
        CaseStore s = store();
        DiagnosticCase c = s.create(newCase("LRWDEMC0000000001", "hv-isolation", Severity.HIGH, null, T0));
        DiagnosticCase noted = s.update(c.withNote(new CaseNote(T0.plusSeconds(60), "ana", "checked the pack"),
                new CaseEvent(T0.plusSeconds(60), "ana", CaseEventType.NOTE_ADDED, CaseStatus.OPEN, CaseStatus.OPEN, null)));
        assertEquals(2, noted.storeVersion());
        assertEquals(1, noted.version(), "the edit version is written as given");
        DiagnosticCase acked = s.update(noted.withStatus(CaseStatus.ACKNOWLEDGED,
                new CaseEvent(T0.plusSeconds(90), "ana", CaseEventType.STATUS_CHANGED, CaseStatus.OPEN, CaseStatus.ACKNOWLEDGED, "mine")));
        DiagnosticCase stored = s.findById(c.id()).orElseThrow();
        assertEquals(3, stored.storeVersion());
        assertEquals(CaseStatus.ACKNOWLEDGED, stored.status());
        assertEquals(List.of(CaseEventType.OPENED, CaseEventType.NOTE_ADDED, CaseEventType.STATUS_CHANGED),
                stored.events().stream().map(CaseEvent::type).toList());
        assertEquals("mine", stored.events().get(2).detail());
        assertEquals(CaseStatus.OPEN, stored.events().get(2).from());
        assertEquals("checked the pack", stored.notes().get(0).text());
        assertEquals(T0.plusSeconds(60), stored.notes().get(0).at());
        assertEquals(ErrorCode.STALE_UPDATE, assertThrows(EngineException.class, () -> s.update(noted)).code());
        assertEquals(acked.storeVersion(), s.findById(c.id()).orElseThrow().storeVersion());
        DiagnosticCase ghost = acked.withStoreVersion(1);
        assertEquals(ErrorCode.CASE_NOT_FOUND, assertThrows(EngineException.class, () -> s.update(
                new DiagnosticCase(999, "SC-000999", ghost.vin(), ghost.problem(), ghost.ruleId(), ghost.severity(),
                        null, null, CaseStatus.OPEN, T0, T0, 1, ghost.evidence(), ghost.evidence(), List.of(),
                        List.of(), null, 1, 1))).code());
    }

    @Test
    void closedCase_freesTheProblemForANewCase_andIsStillTheLatest() {
        CaseStore s = store();
        DiagnosticCase c = s.create(newCase("LRWDEMC0000000001", "tire", Severity.LOW, null, T0));
        s.update(c.withStatus(CaseStatus.CLOSED, new CaseEvent(T0, "ana", CaseEventType.STATUS_CHANGED, CaseStatus.OPEN,
                CaseStatus.CLOSED, null)).withWork(c.work().withClosedAt(T0), null));
        assertTrue(s.findActive("LRWDEMC0000000001", "tire").isEmpty());
        assertEquals(T0, s.findLatest("LRWDEMC0000000001", "tire").orElseThrow().work().closedAt());
        DiagnosticCase next = s.create(newCase("LRWDEMC0000000001", "tire", Severity.LOW, null, T0));
        assertEquals(next.id(), s.findLatest("LRWDEMC0000000001", "tire").orElseThrow().id());
    }

    @Test
    void list_filtersSortsBySlaAndPages_andCountsByStatusAndAssignee() {
        CaseStore s = store();
        DiagnosticCase a = s.create(newCase("LRWDEMC0000000001", "p1", Severity.MEDIUM, "ana", T0.plusSeconds(3600)));
        DiagnosticCase b = s.create(newCase("LRWDEMC0000000002", "p1", Severity.CRITICAL, "wei", T0.plusSeconds(300)));
        DiagnosticCase c = s.create(newCase("LRWDEMC0000000003", "p1", Severity.HIGH, "ana", T0.plusSeconds(300)));
        s.update(a.withStatus(CaseStatus.ACKNOWLEDGED, new CaseEvent(T0, "ana", CaseEventType.STATUS_CHANGED, CaseStatus.OPEN,
                CaseStatus.ACKNOWLEDGED, null)));
        assertEquals(List.of(c.id(), b.id(), a.id()), ids(s.list(new CaseQuery(null, null, null, 10))));
        assertEquals(List.of(b.id(), c.id(), a.id()), ids(s.list(new CaseQuery(null, null, null, null, null, null,
                CaseQuery.Sort.SLA, 0, 10))), "same due time: the critical one first; acknowledged: outcome due later");
        assertEquals(List.of(c.id()), ids(s.list(new CaseQuery(null, null, null, null, null, null,
                CaseQuery.Sort.SLA, 1, 1))));
        assertEquals(List.of(c.id(), a.id()), ids(s.list(new CaseQuery(null, null, null, "ana", true, null, null, 0, 10))));
        assertEquals(List.of(a.id()), ids(s.list(new CaseQuery(CaseStatus.ACKNOWLEDGED, null, null, 10))));
        assertEquals(List.of(b.id()), ids(s.list(new CaseQuery(null, Severity.CRITICAL, "LRWDEMC0000000002", 10))));
        assertEquals(Map.of("ana", 2L, "wei", 1L), s.activeCasesByAssignee());
        assertEquals(2L, s.countByStatus().get(CaseStatus.OPEN));
        assertEquals(1L, s.countByStatus().get(CaseStatus.ACKNOWLEDGED));
        assertEquals(0L, s.countByStatus().get(CaseStatus.CLOSED));
    }

    @Test
    void slaDueBefore_findsActiveCasesPastTheirNextTarget_notYetFlagged() {
        CaseStore s = store();
        DiagnosticCase late = s.create(newCase("LRWDEMC0000000001", "p1", Severity.CRITICAL, null, T0.plusSeconds(300)));
        s.create(newCase("LRWDEMC0000000002", "p1", Severity.LOW, null, T0.plusSeconds(86_400)));
        assertEquals(List.of(late.id()), ids(s.slaDueBefore(T0.plusSeconds(301), 10)));
        assertTrue(s.slaDueBefore(T0.plusSeconds(299), 10).isEmpty());
        s.update(late.withWork(late.work().withBreach(CaseWork.ACKNOWLEDGE), null));
        assertTrue(s.slaDueBefore(T0.plusSeconds(301), 10).isEmpty(), "flagged already");
        assertTrue(s.findById(late.id()).orElseThrow().work().overdue());
        assertFalse(s.list(new CaseQuery(null, null, null, null, null, true, null, 0, 10)).isEmpty());
    }

    private static List<Long> ids(List<DiagnosticCase> cases) {
        return cases.stream().map(DiagnosticCase::id).toList();
    }
}

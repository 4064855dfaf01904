package dev.telematics.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.dtc.KnowledgeEntry;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service center's workflow, SLA, assignment and work order, on an injected clock. */
class ServiceCenterWorkflowTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static final String VIN = "LRWDEMC0000000001";
    private static final KnowledgeEntry ISOLATION = new KnowledgeEntry("P0AA6", null, null, null,
            "Hybrid Battery Voltage System Isolation Fault", "hv-isolation", Severity.CRITICAL, "stop-safely",
            "Stop safely.", List.of("coolant leak into the pack", "damaged HV cable"),
            List.of("read isolation resistance history"), List.of("HV cable harness", "battery coolant hoses"),
            "hv-battery", "SAE J2012-DA");

    private final ManualClock clock = new ManualClock(T0);
    private final List<DiagnosticCase> overdue = new ArrayList<>();
    private final CaseListener listener = new CaseListener() {
        @Override
        public void overdue(DiagnosticCase c) {
            overdue.add(c);
        }
    };
    private final ServiceCenterConfig center = ServiceCenterConfig.defaults()
            .withTechnicians(List.of(new Technician("ana", "Ana", List.of("hv-battery", "thermal")),
                    new Technician("omar", "Omar", List.of("12v-electrical")),
                    new Technician("wei", "Wei", List.of("hv-battery"))));
    private final Cases cases = Cases.of(new InMemoryCaseStore(), clock, listener,
            new ServiceCenterConfig(center.sla(), Duration.ofDays(14), Duration.ofSeconds(30),
                    Map.of("lv-", "12v-electrical"), center.technicians(), Duration.ofHours(24)));
    private final CaseIntake intake = cases.intake();
    private final CaseWorkflow workflow = cases.workflow();
    private final SlaChecks sla = cases.sla();

    private static RuleMeta rule(String id, String problem, Severity severity) {
        return new RuleMeta(id, "dtc", "d", severity, true, problem, new OwnerMessage("title", "text"), "test");
    }

    private DiagnosticCase isolationFault(String vin) {
        Evidence e = new Evidence(T0, Map.of("dtc", "P0AA6"), Map.of(), Map.of(), Map.of(), List.of(), List.of(ISOLATION));
        return intake.recordFiring(new RuleFiring(rule("hv-isolation-fault", "hv-isolation", Severity.CRITICAL),
                Vin.of(vin), T0.toEpochMilli(), Map.of()), e).diagnosticCase();
    }

    private DiagnosticCase lowVoltage(String vin) {
        Evidence e = new Evidence(T0, Map.of("value", 11.2), Map.of(), Map.of(), Map.of(), List.of(), List.of());
        return intake.recordFiring(new RuleFiring(rule("lv-battery-low", "lv-battery-low", Severity.MEDIUM),
                Vin.of(vin), T0.toEpochMilli(), Map.of()), e).diagnosticCase();
    }

    @Test
    void fullWorkflow_fromOpenToClosed_auditsWhoWhenFromToAndWhy() {
        DiagnosticCase c = isolationFault(VIN);
        clock.advance(Duration.ofMinutes(2));
        workflow.acknowledge(c.number(), "ana");
        clock.advance(Duration.ofMinutes(1));
        workflow.transition(c.number(), "ana", CaseStatus.IN_DIAGNOSIS, "reading isolation history", null);
        workflow.transition(c.number(), "ana", CaseStatus.ROADSIDE_DISPATCHED, "isolation 18 kOhm, do not drive", null);
        DiagnosticCase closed = workflow.transition(c.number(), "lead", CaseStatus.CLOSED, "towed and repaired", null);
        List<CaseEvent> changes = closed.events().stream().filter(e -> e.type() == CaseEventType.STATUS_CHANGED).toList();
        assertEquals(4, changes.size());
        CaseEvent ack = changes.get(0);
        assertEquals("ana", ack.actor());
        assertEquals(T0.plus(Duration.ofMinutes(2)), ack.at());
        assertEquals(CaseStatus.OPEN, ack.from());
        assertEquals(CaseStatus.ACKNOWLEDGED, ack.to());
        assertEquals("isolation 18 kOhm, do not drive", changes.get(2).detail());
        assertEquals(CaseStatus.CLOSED, closed.status());
        assertEquals(clock.instant(), closed.work().closedAt());
        assertNull(closed.slaDueAt());
    }

    @Test
    void newCase_isOfferedToTheTechnicianWithTheSkillAndFewestActiveCases() {
        DiagnosticCase first = isolationFault("LRWDEMC0000000001");
        assertEquals("hv-battery", first.work().skill(), "skill from the knowledge base");
        assertEquals("ana", first.work().assignee(), "tie: the first listed");
        assertEquals("wei", isolationFault("LRWDEMC0000000002").work().assignee(), "ana has one, wei none");
        assertEquals("ana", isolationFault("LRWDEMC0000000003").work().assignee());
        DiagnosticCase lv = lowVoltage("LRWDEMC0000000004");
        assertEquals("12v-electrical", lv.work().skill(), "skill from skillsByProblem");
        assertEquals("omar", lv.work().assignee());
        assertEquals(CaseEventType.ASSIGNED, lv.events().get(1).type());
        assertEquals(Map.of("ana", 2L, "wei", 1L, "omar", 1L), workflow.activeCasesByAssignee());
    }

    @Test
    void reassignment_isAudited_andAnUnknownTechnicianIsRefused() {
        DiagnosticCase c = isolationFault(VIN);
        DiagnosticCase moved = workflow.assign(c.number(), "lead", "wei", "ana is off today", null);
        assertEquals("wei", moved.work().assignee());
        CaseEvent e = moved.events().get(moved.events().size() - 1);
        assertEquals(CaseEventType.REASSIGNED, e.type());
        assertEquals("lead", e.actor());
        assertEquals("ana -> wei: ana is off today", e.detail());
        EngineException unknown = assertThrows(EngineException.class,
                () -> workflow.assign(c.number(), "lead", "nobody", null, null));
        assertEquals(ErrorCode.TECHNICIAN_NOT_FOUND, unknown.code());
        assertEquals(404, unknown.code().httpStatus());
        assertEquals(moved.version(), workflow.get(c.number()).version(), "no partial write");
    }

    @Test
    void missedAcknowledgeTarget_flagsOverdueOnce_andAcknowledgingClearsIt() {
        DiagnosticCase c = isolationFault(VIN); // critical: acknowledge within 5 min, outcome within 4 h
        assertEquals(T0.plus(Duration.ofMinutes(5)), c.slaDueAt());
        clock.advance(Duration.ofMinutes(4));
        assertEquals(0, sla.checkSla());
        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, sla.checkSla());
        assertEquals(0, sla.checkSla(), "flagged once");
        DiagnosticCase late = workflow.get(c.number());
        assertTrue(late.work().overdue());
        assertEquals(List.of(CaseWork.ACKNOWLEDGE), late.work().slaBreaches());
        assertEquals(CaseEventType.SLA_MISSED, late.events().get(late.events().size() - 1).type());
        assertEquals(1, overdue.size());
        DiagnosticCase acked = workflow.acknowledge(c.number(), "ana");
        assertFalse(acked.work().overdue());
        assertEquals(T0.plus(Duration.ofHours(4)), acked.slaDueAt(), "now held to the outcome target");
        clock.advance(Duration.ofHours(4));
        assertEquals(1, sla.checkSla());
        assertEquals(List.of(CaseWork.OUTCOME), workflow.get(c.number()).work().slaBreaches());
    }

    @Test
    void overdueCases_areListedFirstBySlaDueTime() {
        DiagnosticCase medium = lowVoltage("LRWDEMC0000000001");       // acknowledge within 4 h
        DiagnosticCase critical = isolationFault("LRWDEMC0000000002"); // within 5 min
        List<DiagnosticCase> bySla = workflow.list(new CaseQuery(null, null, null, null, true, null,
                CaseQuery.Sort.SLA, 0, 10));
        assertEquals(List.of(critical.id(), medium.id()), bySla.stream().map(DiagnosticCase::id).toList());
        clock.advance(Duration.ofMinutes(10));
        sla.checkSla();
        assertEquals(List.of(critical.id()), workflow.list(new CaseQuery(null, null, null, null, null, true,
                CaseQuery.Sort.SLA, 0, 10)).stream().map(DiagnosticCase::id).toList());
    }

    @Test
    void problemBackWithinTheReopenPeriod_reopensTheClosedCase_laterOpensANewOne() {
        DiagnosticCase c = isolationFault(VIN);
        CaseWorkflowTest.closeCase(workflow, c.number());
        clock.advance(Duration.ofDays(3));
        DiagnosticCase again = isolationFault(VIN);
        assertEquals(c.id(), again.id());
        assertEquals(CaseStatus.OPEN, again.status());
        assertEquals(2, again.occurrences());
        assertEquals(CaseEventType.REOPENED, again.events().get(again.events().size() - 1).type());
        assertEquals(clock.instant().plus(Duration.ofMinutes(5)), again.slaDueAt(), "a fresh SLA");
        CaseWorkflowTest.closeCase(workflow, c.number());
        clock.advance(Duration.ofDays(15));
        DiagnosticCase fresh = isolationFault(VIN);
        assertEquals(c.id() + 1, fresh.id());
    }

    @Test
    void reopenedByAMoreSevereRule_isEscalated_andHeldToTheNewSeveritysTargetsFromTheReopening() {
        DiagnosticCase low = intake.recordFiring(new RuleFiring(rule("hv-isolation-declining", "hv-isolation",
                Severity.MEDIUM), Vin.of(VIN), T0.toEpochMilli(), Map.of()), new Evidence(T0, Map.of(), Map.of(),
                Map.of(), Map.of(), List.of(), List.of())).diagnosticCase();
        CaseWorkflowTest.closeCase(workflow, low.number());
        clock.advance(Duration.ofDays(10));
        DiagnosticCase again = isolationFault(VIN); // critical, same problem
        assertEquals(low.id(), again.id());
        assertEquals(Severity.CRITICAL, again.severity());
        assertEquals("hv-isolation-fault", again.ruleId());
        assertTrue(again.events().stream().anyMatch(e -> e.type() == CaseEventType.ESCALATED));
        assertEquals(clock.instant().plus(Duration.ofMinutes(5)), again.slaDueAt(), "critical: 5 min from the reopening");
        assertEquals(0, sla.checkSla(), "not overdue at once");
    }

    @Test
    void escalationOfAReopenedCase_countsItsTargetsFromTheReopening() {
        DiagnosticCase c = lowVoltage(VIN);
        CaseWorkflowTest.closeCase(workflow, c.number());
        clock.advance(Duration.ofDays(10));
        lowVoltage(VIN); // reopened, medium: acknowledge within 4 h
        Instant reopened = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        Evidence e = new Evidence(T0, Map.of(), Map.of(), Map.of(), Map.of(), List.of(), List.of());
        DiagnosticCase escalated = intake.recordFiring(new RuleFiring(rule("lv-voltage-critical", "lv-battery-low",
                Severity.HIGH), Vin.of(VIN), T0.toEpochMilli(), Map.of()), e).diagnosticCase();
        assertEquals(Severity.HIGH, escalated.severity());
        assertEquals(reopened.plus(Duration.ofMinutes(30)), escalated.slaDueAt(), "high: 30 min from the reopening");
        assertEquals(0, sla.checkSla());
    }

    @Test
    void serviceBooked_writesAWorkOrderForTheWorkshop() {
        DiagnosticCase c = isolationFault(VIN);
        workflow.acknowledge(c.number(), "ana");
        workflow.transition(c.number(), "ana", CaseStatus.IN_DIAGNOSIS, null, null);
        workflow.addNote(c.number(), "ana", "Isolation fell after the car wash; suspect the coolant hose clamp.");
        DiagnosticCase booked = workflow.transition(c.number(), "ana", CaseStatus.SERVICE_BOOKED, "workshop Tue 09:00", null);
        WorkOrder w = booked.work().workOrder();
        assertEquals("WO-000001", w.number());
        assertEquals(c.number(), w.caseNumber());
        assertEquals(List.of("HV cable harness", "battery coolant hoses"), w.parts());
        assertEquals(List.of("coolant leak into the pack", "damaged HV cable"), w.suspectedCauses());
        assertTrue(w.labour().contains("confirm in the workshop: read isolation resistance history"), w.labour().toString());
        assertEquals("hv-battery", w.skill());
        assertEquals("P0AA6", w.trigger().get("dtc"));
        assertEquals(1, w.notes().size());
    }

    @Test
    void staleVersion_isRefused_soTheSecondTechnicianGets409() {
        DiagnosticCase c = isolationFault(VIN);
        long seen = c.version();
        workflow.acknowledge(c.number(), "ana"); // the first technician
        EngineException e = assertThrows(EngineException.class,
                () -> workflow.transition(c.number(), "wei", CaseStatus.ACKNOWLEDGED, null, seen));
        assertEquals(ErrorCode.STALE_UPDATE, e.code());
        assertEquals(409, e.code().httpStatus());
        assertEquals(ErrorCode.STALE_UPDATE, assertThrows(EngineException.class,
                () -> workflow.addNote(c.number(), "wei", "my view", seen)).code());
        assertEquals(0, workflow.get(c.number()).notes().size(), "no partial write");
    }
}

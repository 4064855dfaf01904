package dev.telematics.remote;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.cases.CaseListener;
import dev.telematics.cases.CaseWorkflow;
import dev.telematics.cases.Cases;
import dev.telematics.cases.CaseStatus;
import dev.telematics.cases.Evidence;
import dev.telematics.cases.InMemoryCaseStore;
import dev.telematics.config.Json;
import dev.telematics.consent.Consent;
import dev.telematics.consent.InMemoryConsentStore;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.rules.OwnerMessage;
import dev.telematics.rules.RuleFiring;
import dev.telematics.rules.RuleMeta;
import dev.telematics.vehicle.Severity;
import dev.telematics.testing.ManualClock;
import dev.telematics.vehicle.Vin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Remote commands without a broker: the channel records what would be published; time is a manual clock. */
class RemoteCommandsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static final String VIN = "LRWDEMC0000000001";
    private final ManualClock clock = new ManualClock(T0);
    private final Cases all = Cases.of(new InMemoryCaseStore(), clock, CaseListener.NONE);
    private final CaseWorkflow cases = all.workflow();
    private final InMemoryConsentStore consents = new InMemoryConsentStore();
    private final List<String> published = new ArrayList<>();
    private CompletableFuture<Void> sendResult = CompletableFuture.completedFuture(null);
    private final RemoteCommands commands = new RemoteCommands(cases, consents, (vin, id, payload, expiry) -> {
        published.add(vin + " " + id + " " + expiry.toSeconds() + "s " + new String(payload, StandardCharsets.UTF_8));
        return sendResult;
    }, Json.newMapper(), clock, Duration.ofSeconds(30));
    private final String caseNumber = openCase();

    @AfterEach
    void close() {
        commands.close();
    }

    private String openCase() {
        RuleMeta rule = new RuleMeta("hv-isolation-fault", "dtc", "d", Severity.CRITICAL, true, "hv-isolation",
                new OwnerMessage("t", "x"), "test");
        Evidence e = new Evidence(T0, Map.of(), Map.of(), Map.of(), Map.of(), List.of(), List.of());
        return all.intake().recordFiring(new RuleFiring(rule, Vin.of(VIN), T0.toEpochMilli(), Map.of()), e)
                .diagnosticCase().number();
    }

    private List<String> events() {
        return cases.get(caseNumber).events().stream().map(e -> e.type() + ": " + e.detail()).toList();
    }

    private void grant() {
        consents.record(new Consent(VIN, true, clock.instant(), "owner app"));
    }

    private void answer(String id, String json) {
        commands.onResponse(VIN, id.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutConsent_commandIsRefusedNothingIsSentAndTheRefusalIsAudited() {
        EngineException e = assertThrows(EngineException.class, () -> commands.send(caseNumber, "ana", CommandType.SNAPSHOT));
        assertEquals(ErrorCode.CONSENT_REQUIRED, e.code());
        assertTrue(published.isEmpty());
        assertTrue(events().stream().anyMatch(s -> s.startsWith("ACCESS_REFUSED: SNAPSHOT refused")), events().toString());
        consents.record(new Consent(VIN, false, clock.instant(), "owner app"));
        assertThrows(EngineException.class, () -> commands.send(caseNumber, "ana", CommandType.READ_DTCS));
    }

    @Test
    void commandWithoutAnswer_timesOutAtItsExpiry_withAClearResultOnTheCase() {
        grant();
        RemoteCommand c = commands.send(caseNumber, "ana", CommandType.READ_DTCS);
        assertEquals(1, published.size());
        assertTrue(published.get(0).startsWith(VIN + " " + c.id() + " 30s {\"id\":\"" + c.id() + "\",\"command\":\"READ_DTCS\""),
                published.get(0));
        clock.advance(Duration.ofSeconds(29));
        assertEquals(0, commands.checkTimeouts());
        assertEquals(CommandStatus.PENDING, commands.get(c.id()).status());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, commands.checkTimeouts());
        RemoteCommand done = commands.get(c.id());
        assertEquals(CommandStatus.TIMED_OUT, done.status());
        assertEquals(T0.plusSeconds(30), done.settledAt());
        assertTrue(events().stream().anyMatch(s -> s.startsWith("COMMAND_TIMED_OUT: " + c.id()
                + " READ_DTCS: no answer within 30 s")), events().toString());
        answer(c.id(), "{\"status\":\"OK\",\"dtcs\":[]}"); // too late: counted, not recorded
        assertEquals(CommandStatus.TIMED_OUT, commands.get(c.id()).status());
        assertEquals(1L, commands.snapshot().get("lateAnswers"));
        assertEquals(0L, commands.snapshot().get("unmatchedAnswers"));
    }

    @Test
    void answers_areMatchedByCorrelationDataAndVin_invalidOnesLeaveTheCommandPending() {
        grant();
        RemoteCommand c = commands.send(caseNumber, "ana", CommandType.READ_DTCS);
        commands.onResponse("LRWDEMC0000000002", c.id().getBytes(StandardCharsets.UTF_8),
                "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8)); // another car cannot answer it
        answer("CMD-0000", "{\"status\":\"OK\"}");
        answer(c.id(), "{\"status\":\"OK\",\"dtcs\":[{\"ecu\":\"BMS\",\"codes\":[\"P0AA6\""); // truncated
        answer(c.id(), "[1,2]");
        assertEquals(CommandStatus.PENDING, commands.get(c.id()).status());
        assertEquals(2L, commands.snapshot().get("unmatchedAnswers"));
        assertEquals(2L, commands.snapshot().get("invalidAnswers"));
        answer(c.id(), "{\"status\":\"OK\",\"dtcs\":[{\"ecu\":\"BMS\",\"codes\":[\"P0AA6\",\"U0100\"]}]}");
        await().atMost(Duration.ofSeconds(5)).until(() -> commands.get(c.id()).status() == CommandStatus.ANSWERED);
        assertTrue(events().contains("COMMAND_ANSWERED: " + c.id() + " READ_DTCS answered: 2 DTCs: P0AA6 (BMS), U0100 (BMS)"),
                events().toString());
    }

    @Test
    void carThatRefuses_isRecordedAsRefusedByCar() {
        grant();
        cases.acknowledge(caseNumber, "ana");
        cases.transition(caseNumber, "ana", CaseStatus.IN_DIAGNOSIS, null, null);
        cases.transition(caseNumber, "ana", CaseStatus.SERVICE_BOOKED, "isolation monitor replaced", null);
        RemoteCommand c = commands.send(caseNumber, "ana", CommandType.CLEAR_DTCS);
        answer(c.id(), "{\"status\":\"REFUSED\",\"reason\":\"vehicle is driving\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> commands.get(c.id()).status() == CommandStatus.REFUSED_BY_CAR);
        assertTrue(events().contains("COMMAND_REFUSED_BY_CAR: " + c.id()
                + " CLEAR_DTCS not carried out by the car: REFUSED (vehicle is driving)"), events().toString());
    }

    @Test
    void clearingDtcsBeforeARepair_orCommandsOnAClosedCase_areRefused() {
        grant();
        EngineException early = assertThrows(EngineException.class, () -> commands.send(caseNumber, "ana", CommandType.CLEAR_DTCS));
        assertEquals(ErrorCode.INVALID_TRANSITION, early.code());
        cases.acknowledge(caseNumber, "ana");
        cases.transition(caseNumber, "ana", CaseStatus.IN_DIAGNOSIS, null, null);
        cases.transition(caseNumber, "ana", CaseStatus.RESOLVED_REMOTELY, "fixed", null);
        cases.transition(caseNumber, "ana", CaseStatus.CLOSED, "done", null);
        EngineException closed = assertThrows(EngineException.class, () -> commands.send(caseNumber, "ana", CommandType.SNAPSHOT));
        assertEquals(ErrorCode.INVALID_TRANSITION, closed.code());
        assertTrue(published.isEmpty());
    }

    @Test
    void requestTheBrokerCannotTake_isSettledAsSendFailed() {
        grant();
        sendResult = CompletableFuture.failedFuture(new IllegalStateException("broker not running"));
        RemoteCommand c = commands.send(caseNumber, "ana", CommandType.SNAPSHOT);
        assertEquals(CommandStatus.SEND_FAILED, commands.get(c.id()).status());
        assertTrue(events().stream().anyMatch(s -> s.startsWith("COMMAND_SEND_FAILED: " + c.id())), events().toString());
    }

    @Test
    void ownerWithdrawsConsentBeforeTheCarAnswers_theAnswerIsDiscarded() {
        grant();
        RemoteCommand c = commands.send(caseNumber, "ana", CommandType.SNAPSHOT);
        consents.record(new Consent(VIN, false, clock.instant(), "owner app"));
        answer(c.id(), "{\"status\":\"OK\",\"signals\":{\"Vehicle.Speed\":12.0}}");
        await().atMost(Duration.ofSeconds(5)).until(() -> commands.get(c.id()).status() == CommandStatus.CONSENT_WITHDRAWN);
        assertEquals(null, commands.get(c.id()).result(), "nothing of the answer is kept");
        assertTrue(events().stream().anyMatch(s -> s.startsWith("COMMAND_CONSENT_WITHDRAWN: " + c.id())), events().toString());
        assertEquals(1L, commands.snapshot().get("discardedConsentWithdrawn"));
    }

    @Test
    void engineStopping_settlesWaitingCommandsOnTheirCases() {
        grant();
        RemoteCommand c = commands.send(caseNumber, "ana", CommandType.READ_DTCS);
        commands.close();
        assertEquals(CommandStatus.TIMED_OUT, commands.get(c.id()).status());
        assertTrue(events().stream().anyMatch(s -> s.equals("COMMAND_TIMED_OUT: " + c.id()
                + " READ_DTCS: the engine stopped before the car answered")), events().toString());
        answer(c.id(), "{\"status\":\"OK\"}"); // after close: counted, never thrown into the broker
        assertEquals(1L, commands.snapshot().get("lateAnswers"));
    }

    @Test
    void carTextInTheAuditTrail_isClipped() {
        grant();
        RemoteCommand c = commands.send(caseNumber, "ana", CommandType.READ_DTCS);
        answer(c.id(), "{\"status\":\"" + "X".repeat(5_000) + "\",\"reason\":\"" + "r".repeat(5_000) + "\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> commands.get(c.id()).status() == CommandStatus.REFUSED_BY_CAR);
        assertTrue(commands.get(c.id()).detail().length() <= 2_003, String.valueOf(commands.get(c.id()).detail().length()));
        assertTrue(events().stream().anyMatch(s -> s.startsWith("COMMAND_REFUSED_BY_CAR: " + c.id())), "written to the case");
    }
}

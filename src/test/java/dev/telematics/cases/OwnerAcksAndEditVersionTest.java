package dev.telematics.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.config.Json;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.rules.OwnerMessage;
import dev.telematics.rules.RuleFiring;
import dev.telematics.rules.RuleMeta;
import dev.telematics.testing.ManualClock;
import dev.telematics.testing.TestFirings;
import dev.telematics.testing.TestPostgres;
import dev.telematics.vehicle.Severity;
import dev.telematics.vehicle.Vin;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Owner acknowledgements are accepted only for warnings really sent to the car, once; and neither they nor
 * any other engine change make a technician's versioned edit stale. On each store: in memory, H2 and
 * PostgreSQL (skipped without a test server, see {@link TestPostgres}).
 */
class OwnerAcksAndEditVersionTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static final String CAR = "LRWACKS0000000001";
    private static final String OTHER_CAR = "LRWACKS0000000002";
    private static final RuleMeta RULE = new RuleMeta("lv-battery-low", "threshold", "d", Severity.MEDIUM, true,
            "lv-battery-low", new OwnerMessage("title", "text"), "test");

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(T0);
    private final List<CaseDatabase> open = new ArrayList<>();
    private Cases cases;
    private CaseWorkflow workflow;

    private void on(String store) {
        CaseStore s = switch (store) {
            case "memory" -> new InMemoryCaseStore();
            case "h2" -> database(CaseDatabase.embedded(dir.resolve("h2"))).caseStore(Json.newMapper());
            default -> database(TestPostgres.freshSchema()).caseStore(Json.newMapper());
        };
        cases = Cases.of(s, clock, CaseListener.NONE);
        workflow = cases.workflow();
    }

    private CaseDatabase database(CaseDatabase db) {
        open.add(db);
        return db;
    }

    @AfterEach
    void closeAll() {
        open.forEach(CaseDatabase::close);
    }

    private final java.util.concurrent.atomic.AtomicLong carMillis = new java.util.concurrent.atomic.AtomicLong();

    /** A firing at a later car time each (the same car time and trigger would be the same firing, a replay). */
    private DiagnosticCase fire(String vin) {
        long carTime = clock.millis() + carMillis.incrementAndGet();
        return cases.intake().recordFiring(new RuleFiring(RULE, Vin.of(vin), carTime, Map.of("value", 11.2)),
                TestFirings.evidence(java.time.Instant.ofEpochMilli(carTime))).diagnosticCase();
    }

    private long ownerAckEvents(DiagnosticCase c) {
        return workflow.get(c.number()).events().stream().filter(e -> e.type() == CaseEventType.OWNER_ACKNOWLEDGED).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2", "postgres"})
    void inventedAcknowledgement_isRefused_andWritesNothing(String store) {
        on(store);
        DiagnosticCase c = fire(CAR);
        workflow.ownerWarned(c.id(), "W-sent", T0.plusSeconds(1));
        DiagnosticCase before = workflow.get(c.number());
        for (int i = 0; i < 50; i++) {
            assertEquals(OwnerAck.UNKNOWN_WARNING, workflow.ownerAcknowledged(c.number(), CAR, "W-fake-" + i));
        }
        DiagnosticCase after = workflow.get(c.number());
        assertEquals(before.storeVersion(), after.storeVersion(), "no write at all");
        assertEquals(0, ownerAckEvents(c));
        assertEquals(50L, workflow.ownerAcks().get("UNKNOWN_WARNING"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2", "postgres"})
    void acknowledgementOfASentWarning_isRecordedOnce_andARepeatChangesNothing(String store) {
        on(store);
        DiagnosticCase c = fire(CAR);
        workflow.ownerWarned(c.id(), "W-1", T0.plusSeconds(1));
        clock.advance(Duration.ofMinutes(3));
        assertEquals(OwnerAck.ACCEPTED, workflow.ownerAcknowledged(c.number(), CAR, "W-1"));
        DiagnosticCase acked = workflow.get(c.number());
        assertEquals(new SentWarning("W-1", T0.plusSeconds(1), clock.instant()), acked.work().ownerWarning("W-1"));
        CaseEvent event = acked.events().get(acked.events().size() - 1);
        assertEquals(CaseEventType.OWNER_ACKNOWLEDGED, event.type());
        assertEquals("owner", event.actor());
        assertTrue(event.detail().contains("W-1"), event.detail());
        assertEquals(c.version(), acked.version(), "an owner change is not an edit of the service center");

        assertEquals(OwnerAck.REPEATED, workflow.ownerAcknowledged(c.number(), CAR, "W-1"));
        assertEquals(acked.storeVersion(), workflow.get(c.number()).storeVersion(), "the repeat writes nothing");
        assertEquals(1, ownerAckEvents(c));
        assertEquals(Map.of("ACCEPTED", 1L, "REPEATED", 1L, "UNKNOWN_CASE", 0L, "OTHER_VEHICLES_CASE", 0L,
                "UNKNOWN_WARNING", 0L), workflow.ownerAcks());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2", "postgres"})
    void acknowledgementOfAnotherCarsCase_anUnknownCase_orAnotherCasesWarning_isRefused(String store) {
        on(store);
        DiagnosticCase mine = fire(CAR);
        DiagnosticCase theirs = fire(OTHER_CAR);
        workflow.ownerWarned(mine.id(), "W-mine", T0);
        workflow.ownerWarned(theirs.id(), "W-theirs", T0);
        assertEquals(OwnerAck.OTHER_VEHICLES_CASE, workflow.ownerAcknowledged(theirs.number(), CAR, "W-theirs"));
        assertEquals(OwnerAck.UNKNOWN_WARNING, workflow.ownerAcknowledged(mine.number(), CAR, "W-theirs"));
        assertEquals(OwnerAck.UNKNOWN_CASE, workflow.ownerAcknowledged("SC-999999", CAR, "W-mine"));
        assertEquals(OwnerAck.UNKNOWN_CASE, workflow.ownerAcknowledged("no case", CAR, "W-mine"));
        assertEquals(0, ownerAckEvents(mine) + ownerAckEvents(theirs));
        assertNull(workflow.get(theirs.number()).work().ownerWarning("W-theirs").acknowledgedAt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2", "postgres"})
    void acknowledgementWhileTheWarningIsUnderWay_isAccepted_butNotOnceDeliveryGaveUp(String store) {
        on(store);
        DiagnosticCase c = fire(CAR);
        // the owner app got the warning and answered before delivery recorded the broker's confirmation
        workflow.warningUnderWay(c.id(), "W-fast");
        assertEquals(OwnerAck.ACCEPTED, workflow.ownerAcknowledged(c.number(), CAR, "W-fast"));
        DiagnosticCase recorded = workflow.ownerWarned(c.id(), "W-fast", T0.plusSeconds(1));
        SentWarning w = recorded.work().ownerWarning("W-fast");
        assertEquals(T0.plusSeconds(1), w.sentAt());
        assertNotNull(w.acknowledgedAt(), "the acknowledgement is kept");
        assertEquals(OwnerAck.REPEATED, workflow.ownerAcknowledged(c.number(), CAR, "W-fast"));
        // a warning under way for another case is not one of this case
        DiagnosticCase other = fire(OTHER_CAR);
        workflow.warningUnderWay(other.id(), "W-other");
        assertEquals(OwnerAck.UNKNOWN_WARNING, workflow.ownerAcknowledged(c.number(), CAR, "W-other"));
        // a warning the broker never took was never sent
        workflow.warningUnderWay(c.id(), "W-lost");
        workflow.warningNotSent(c.id(), "W-lost");
        assertEquals(OwnerAck.UNKNOWN_WARNING, workflow.ownerAcknowledged(c.number(), CAR, "W-lost"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2", "postgres"})
    void engineAndOwnerChangesBetweenATechniciansReadAndWrite_neverMakeItStale_anotherTechniciansEditDoes(String store) {
        on(store);
        DiagnosticCase read = fire(CAR); // what the technician's console shows
        long seen = read.version();
        // meanwhile: the owner is warned and acknowledges, the fault recurs and escalates, consent, an audited
        // remote command, an SLA miss, an invented acknowledgement
        workflow.ownerWarned(read.id(), "W-1", T0.plusSeconds(1));
        workflow.ownerAcknowledged(read.number(), CAR, "W-1");
        workflow.ownerAcknowledged(read.number(), CAR, "W-fake");
        clock.advance(Duration.ofSeconds(1)); // later car times: the same car time and trigger would be a replay
        fire(CAR);
        clock.advance(Duration.ofSeconds(1));
        cases.intake().recordFiring(new RuleFiring(new RuleMeta("lv-battery-critical", "threshold", "d", Severity.HIGH,
                true, "lv-battery-low", new OwnerMessage("t", "x"), "test"), Vin.of(CAR), clock.millis(), Map.of()),
                TestFirings.evidence(clock.instant()));
        workflow.consentChanged(CAR, true);
        workflow.audit(read.number(), "ana", CaseEventType.COMMAND_SENT, "READ_DTCS");
        clock.advance(Duration.ofDays(3));
        assertEquals(1, cases.sla().checkSla());
        DiagnosticCase now = workflow.get(read.number());
        assertEquals(seen, now.version(), "no edit of the service center yet");
        assertEquals(read.storeVersion() + 7, now.storeVersion(), "every engine change was written, the invented ack not");

        DiagnosticCase acked = workflow.transition(read.number(), "ana", CaseStatus.ACKNOWLEDGED, null, seen);
        assertEquals(seen + 1, acked.version());
        assertEquals(CaseStatus.ACKNOWLEDGED, acked.status());
        assertEquals(Severity.HIGH, acked.severity(), "the escalation is kept");
        // a second technician who read the case before ana's edit: a real conflict
        EngineException e = assertThrows(EngineException.class,
                () -> workflow.addNote(read.number(), "wei", "my view", seen));
        assertEquals(ErrorCode.STALE_UPDATE, e.code());
        assertEquals(409, e.code().httpStatus());
        assertEquals(0, workflow.get(read.number()).notes().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    @Timeout(60)
    void acknowledgementsAndRecurrencesAt200PerSecond_duringVersionedEdits_neverCause409(String store)
            throws Exception {
        on(store);
        DiagnosticCase c = fire(CAR);
        for (int i = 0; i < 20; i++) {
            workflow.ownerWarned(c.id(), "W-" + i, T0.plusSeconds(i));
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger engineWrites = new AtomicInteger();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread owner = new Thread(() -> {
            try {
                for (int i = 0; !stop.get(); i++) {
                    workflow.ownerAcknowledged(c.number(), CAR, "W-fake-" + i); // refused
                    if (i % 2 == 0 && i / 2 < 20) {
                        workflow.ownerAcknowledged(c.number(), CAR, "W-" + (i / 2)); // real, written
                    } else {
                        fire(CAR); // a recurrence, written
                    }
                    engineWrites.incrementAndGet();
                    started.countDown();
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // ~200 a second
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        }, "owner-app");
        owner.start();
        started.await();
        try {
            for (int i = 0; i < 30; i++) {
                DiagnosticCase read = workflow.get(c.number());
                int before = engineWrites.get();
                while (engineWrites.get() < before + 2 && failed.get() == null) { // engine changes between read and write
                    Thread.onSpinWait();
                }
                DiagnosticCase written = workflow.addNote(c.number(), "ana", "note " + i, read.version());
                assertEquals(read.version() + 1, written.version());
            }
        } finally {
            stop.set(true);
            owner.join(10_000);
        }
        assertNull(failed.get());
        DiagnosticCase end = workflow.get(c.number());
        assertEquals(30, end.notes().size());
        assertEquals(20, end.events().stream().filter(e -> e.type() == CaseEventType.OWNER_ACKNOWLEDGED).count());
        assertTrue(end.occurrences() > 1);
    }
}

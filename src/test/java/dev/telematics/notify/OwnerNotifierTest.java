package dev.telematics.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.cases.CaseListener;
import dev.telematics.cases.CaseQuery;
import dev.telematics.cases.CaseStatus;
import dev.telematics.cases.Cases;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.cases.Evidence;
import dev.telematics.cases.InMemoryCaseStore;
import dev.telematics.cases.ServiceCenterConfig;
import dev.telematics.config.Json;
import dev.telematics.rules.OwnerMessage;
import dev.telematics.rules.RuleFiring;
import dev.telematics.rules.RuleMeta;
import dev.telematics.rules.Severity;
import dev.telematics.testing.ManualClock;
import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The notifier's reminder decision, on the time the broker took the owner's last warning of the case. */
class OwnerNotifierTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static final String VIN = "LRWDEMC0000000001";
    private static final Duration REMIND_AFTER = Duration.ofHours(24);

    private final ManualClock clock = new ManualClock(T0);
    private final InMemoryCaseStore store = new InMemoryCaseStore();
    private final List<String> published = new ArrayList<>();
    private final RuleFiring lowVoltage = new RuleFiring(new RuleMeta("lv-battery-low", "threshold", "d",
            Severity.MEDIUM, true, "lv-battery-low", new OwnerMessage("Battery low", "text"), "test"), Vin.of(VIN),
            T0.toEpochMilli(), Map.of());
    private final Evidence evidence = new Evidence(T0, Map.of(), Map.of(), Map.of(), Map.of(), List.of(), List.of());

    /** The engine's cases and notifier on the shared store, wired as the engine wires them. */
    private final class Engine {
        final Cases cases = Cases.of(store, clock, CaseListener.NONE, ServiceCenterConfig.defaults());
        final OwnerNotifier notifier = new OwnerNotifier((topic, payload) -> {
            published.add(topic);
            return CompletableFuture.completedFuture(null);
        }, Json.newMapper(), clock, w -> { }, OwnerMessages.english(), new InMemoryOwnerSettings(), REMIND_AFTER,
                cases.workflow()::ownerWarned);

        Optional<OwnerWarning> fire() {
            return notifier.onFiring(lowVoltage, cases.intake().recordFiring(lowVoltage, evidence));
        }
    }

    @Test
    void reminderIsDueADayAfterTheLastWarning_evenAfterARestart_butNotOnceTheCaseHasAnOutcome() {
        Engine before = new Engine();
        Optional<OwnerWarning> first = before.fire();
        assertTrue(first.isPresent() && !first.get().reminder(), "opened: warned");
        DiagnosticCase c = before.cases.workflow().list(CaseQuery.all()).get(0);
        assertEquals(T0, c.work().ownerWarnedAt(), "recorded once the broker took the warning");
        clock.advance(Duration.ofHours(23));
        assertTrue(before.fire().isEmpty(), "not yet a day");
        Engine afterRestart = new Engine();
        clock.advance(Duration.ofHours(2));
        Optional<OwnerWarning> reminder = afterRestart.fire();
        assertTrue(reminder.isPresent() && reminder.get().reminder(), "a day after the warning, known from the case");
        assertEquals(clock.instant(), afterRestart.cases.workflow().get(c.number()).work().ownerWarnedAt());
        assertTrue(afterRestart.fire().isEmpty(), "the reminder restarted the period");
        afterRestart.cases.workflow().acknowledge(c.number(), "omar");
        afterRestart.cases.workflow().transition(c.number(), "omar", CaseStatus.IN_DIAGNOSIS, null, null);
        afterRestart.cases.workflow().transition(c.number(), "omar", CaseStatus.SERVICE_BOOKED, "Tue 9:00", null);
        clock.advance(Duration.ofDays(3));
        assertTrue(afterRestart.fire().isEmpty(), "booked: the owner has been contacted");
        assertEquals(2, published.size());
        assertEquals(1, afterRestart.notifier.reminders());
    }

    @Test
    void failedPublish_recordsNoWarningTime_soARecurrenceADayAfterTheOpeningStillReminds() {
        Cases cases = Cases.of(store, clock, CaseListener.NONE);
        OwnerNotifier failing = new OwnerNotifier((topic, payload) -> CompletableFuture.failedFuture(
                new IllegalStateException("broker stopping")), Json.newMapper(), clock, w -> { },
                OwnerMessages.english(), new InMemoryOwnerSettings(), REMIND_AFTER, cases.workflow()::ownerWarned);
        assertTrue(failing.onFiring(lowVoltage, cases.intake().recordFiring(lowVoltage, evidence)).isPresent());
        assertEquals(1, failing.failed());
        DiagnosticCase c = cases.workflow().list(CaseQuery.all()).get(0);
        assertNull(c.work().ownerWarnedAt(), "nothing was delivered");
        clock.advance(REMIND_AFTER);
        Optional<OwnerWarning> reminder = new Engine().fire();
        assertTrue(reminder.isPresent() && reminder.get().reminder(), "counted from the opening");
    }
}

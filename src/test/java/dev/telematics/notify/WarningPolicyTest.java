package dev.telematics.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.telematics.cases.CaseOutcome;
import dev.telematics.cases.Cases;
import dev.telematics.cases.InMemoryCaseStore;
import dev.telematics.cases.CaseListener;
import dev.telematics.cases.CaseStatus;
import dev.telematics.rules.RuleFiring;
import dev.telematics.testing.ManualClock;
import dev.telematics.testing.TestFirings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one decision whether the owner hears of a firing: a pure function of the case outcome and the time. */
class WarningPolicyTest {
    private static final Duration DAY = Duration.ofDays(1);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final Cases all = Cases.of(new InMemoryCaseStore(), clock, CaseListener.NONE);
    private final WarningPolicy policy = new WarningPolicy(DAY);

    private CaseOutcome fire(String severity) {
        RuleFiring f = TestFirings.firing("hv-isolation-fault", "hv-isolation", severity, clock.millis());
        return all.intake().recordFiring(f, TestFirings.evidence(clock.instant()));
    }

    @Test
    void ruleWithoutCase_warnsEveryFiring() {
        assertEquals(Optional.of(WarningPolicy.Kind.FIRST), policy.decide(null, clock.instant()));
    }

    @Test
    void openedCase_warnsFirst_andARecurrenceWithinTheReminderPeriod_warnsNot() {
        assertEquals(Optional.of(WarningPolicy.Kind.FIRST), policy.decide(fire("high"), clock.instant()));
        clock.advance(Duration.ofHours(23));
        assertEquals(Optional.empty(), policy.decide(fire("high"), clock.instant()));
    }

    @Test
    void recurrenceMoreSevere_escalates() {
        fire("high");
        clock.advance(Duration.ofMinutes(5));
        assertEquals(Optional.of(WarningPolicy.Kind.ESCALATION), policy.decide(fire("critical"), clock.instant()));
    }

    @Test
    void recurrenceAReminderPeriodAfterTheLastRecordedWarning_reminds() {
        CaseOutcome opened = fire("high");
        clock.advance(Duration.ofHours(20));
        all.workflow().ownerWarned(opened.diagnosticCase().id(), "W-1", clock.instant()); // delivery recorded a later warning
        clock.advance(Duration.ofHours(10)); // 30 h after opening, 10 h after the last warning
        assertEquals(Optional.empty(), policy.decide(fire("high"), clock.instant()));
        clock.advance(Duration.ofHours(14)); // 24 h after the last warning
        assertEquals(Optional.of(WarningPolicy.Kind.REMINDER), policy.decide(fire("high"), clock.instant()));
    }

    @Test
    void warningThatNeverWentOut_doesNotHoldBackTheReminder() {
        fire("high"); // its warning was never recorded as delivered: the reminder counts from the opening
        clock.advance(DAY);
        assertEquals(Optional.of(WarningPolicy.Kind.REMINDER), policy.decide(fire("high"), clock.instant()));
    }

    @Test
    void caseWithAnOutcome_isNotRemindedOf() {
        CaseOutcome opened = fire("high");
        String n = opened.diagnosticCase().number();
        all.workflow().acknowledge(n, "ana");
        all.workflow().transition(n, "ana", CaseStatus.IN_DIAGNOSIS, null, null);
        all.workflow().transition(n, "ana", CaseStatus.SERVICE_BOOKED, null, null);
        clock.advance(Duration.ofDays(3));
        assertEquals(Optional.empty(), policy.decide(fire("high"), clock.instant()));
    }
}

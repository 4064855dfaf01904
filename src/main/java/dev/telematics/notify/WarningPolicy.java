package dev.telematics.notify;

import dev.telematics.cases.CaseOutcome;
import dev.telematics.cases.DiagnosticCase;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that decides whether and when the owner hears of a firing: a pure function of what the
 * firing did to the cases and the time, tested without a broker or a database.
 * <ul>
 *   <li>a rule that opens no case: every firing that passed the rule's cooldown warns ({@link Kind#FIRST});</li>
 *   <li>a case opened or reopened: {@link Kind#FIRST};</li>
 *   <li>a recurrence that made the case more severe: {@link Kind#ESCALATION};</li>
 *   <li>a recurrence of a case nobody has settled (no outcome yet) when the owner's last warning of it (or its
 *       opening, if no warning was recorded) is at least {@code reminderAfter} ago: {@link Kind#REMINDER};</li>
 *   <li>any other recurrence, and a firing the case already held (a replayed message): no warning.</li>
 * </ul>
 * The time of the last warning is the case's {@code ownerWarnedAt}, which delivery records only after the
 * broker took the warning: a warning that never went out does not hold back the next one.
 */
public record WarningPolicy(Duration reminderAfter) {
    /** Why the owner is warned. */
    public enum Kind { FIRST, ESCALATION, REMINDER }

    public WarningPolicy {
        Objects.requireNonNull(reminderAfter, "reminderAfter");
        if (reminderAfter.isNegative()) {
            throw new IllegalArgumentException("the reminder period must not be negative");
        }
    }

    /** @param outcome what the firing did to the cases; null when its rule opens no case (or the case failed) */
    public Optional<Kind> decide(CaseOutcome outcome, Instant now) {
        if (outcome != null && outcome.replayed()) {
            return Optional.empty(); // recorded and decided the first time the message was processed
        }
        if (outcome == null || outcome.opened()) {
            return Optional.of(Kind.FIRST);
        }
        if (outcome.escalated()) {
            return Optional.of(Kind.ESCALATION);
        }
        DiagnosticCase c = outcome.diagnosticCase();
        Instant warned = c.work().ownerWarnedAt() != null ? c.work().ownerWarnedAt() : c.openedAt();
        if (!c.status().outcome() && !warned.plus(reminderAfter).isAfter(now)) {
            return Optional.of(Kind.REMINDER);
        }
        return Optional.empty();
    }
}

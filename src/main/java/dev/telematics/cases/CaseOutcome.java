package dev.telematics.cases;

import java.util.Objects;

/**
 * What a rule firing did to the cases: opened (or reopened) one, or added an occurrence to the active one
 * ({@code escalated} when that occurrence raised the case's severity). Whether the owner is reminded is
 * the notifier's decision, not the cases'. {@code replayed}: the firing was already recorded (a message
 * processed again after a cluster node failed over): nothing changed, and nobody is warned again.
 */
public record CaseOutcome(DiagnosticCase diagnosticCase, boolean opened, boolean escalated, boolean replayed) {
    public CaseOutcome {
        Objects.requireNonNull(diagnosticCase, "diagnosticCase");
        if (replayed && (opened || escalated)) {
            throw new IllegalArgumentException("a replayed firing changes nothing");
        }
    }

    public CaseOutcome(DiagnosticCase diagnosticCase, boolean opened, boolean escalated) {
        this(diagnosticCase, opened, escalated, false);
    }
}

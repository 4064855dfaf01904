package dev.telematics.cases;

import java.util.Objects;

/**
 * What a rule firing did to the cases: opened (or reopened) one, or added an occurrence to the active one
 * ({@code escalated} when that occurrence raised the case's severity). Whether the owner is reminded is
 * the notifier's decision, not the cases'.
 */
public record CaseOutcome(DiagnosticCase diagnosticCase, boolean opened, boolean escalated) {
    public CaseOutcome {
        Objects.requireNonNull(diagnosticCase, "diagnosticCase");
    }
}

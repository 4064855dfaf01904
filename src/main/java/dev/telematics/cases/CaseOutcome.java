package dev.telematics.cases;

/**
 * What a rule firing did to the cases: opened (or reopened) one, or added an occurrence to the active one
 * ({@code escalated} when that occurrence raised the case's severity; {@code remind} when the owner's
 * last warning of the case is older than the reminder period and a reminder is due).
 */
public record CaseOutcome(DiagnosticCase diagnosticCase, boolean opened, boolean escalated, boolean remind) {
    public CaseOutcome {
        java.util.Objects.requireNonNull(diagnosticCase, "diagnosticCase");
    }

    public CaseOutcome(DiagnosticCase diagnosticCase, boolean opened, boolean escalated) {
        this(diagnosticCase, opened, escalated, false);
    }
}

package dev.telematics.cases;

/**
 * What a rule firing did to the cases: opened a new one, or added an occurrence to the active one
 * ({@code escalated} when that occurrence raised the case's severity).
 */
public record CaseOutcome(DiagnosticCase diagnosticCase, boolean opened, boolean escalated) {
    public CaseOutcome {
        java.util.Objects.requireNonNull(diagnosticCase, "diagnosticCase");
    }
}

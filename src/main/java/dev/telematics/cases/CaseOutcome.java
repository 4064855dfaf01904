package dev.telematics.cases;

/** What a rule firing did to the cases: opened a new one, or added an occurrence to the active one. */
public record CaseOutcome(DiagnosticCase diagnosticCase, boolean opened) {
}

package dev.telematics.cases;

import dev.telematics.rules.Severity;

/** Filters for listing cases; a null field does not filter. Results are newest first. */
public record CaseQuery(CaseStatus status, Severity severity, String vin, int limit) {
    public static final int MAX_LIMIT = 1000;

    public CaseQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    public static CaseQuery all() {
        return new CaseQuery(null, null, null, MAX_LIMIT);
    }

    public boolean matches(DiagnosticCase c) {
        return (status == null || c.status() == status)
                && (severity == null || c.severity() == severity)
                && (vin == null || c.vin().equals(vin));
    }
}

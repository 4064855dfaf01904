package dev.telematics.cases;

import dev.telematics.vehicle.Severity;

/**
 * Filters, order and page for listing cases; a null filter does not filter.
 *
 * @param active   true: not closed; false: closed
 * @param overdue  true: an SLA target was missed
 * @param sort     {@link Sort#NEWEST} (default) or {@link Sort#SLA} (the next SLA due time first, cases
 *                 without one last, then most severe first)
 * @param offset   cases to skip (paging)
 */
public record CaseQuery(CaseStatus status, Severity severity, String vin, String assignee, Boolean active,
                        Boolean overdue, Sort sort, int offset, int limit) {
    public static final int MAX_LIMIT = 1000;

    public enum Sort { NEWEST, SLA }

    public CaseQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0");
        }
        sort = sort == null ? Sort.NEWEST : sort;
    }

    public CaseQuery(CaseStatus status, Severity severity, String vin, int limit) {
        this(status, severity, vin, null, null, null, Sort.NEWEST, 0, limit);
    }

    public static CaseQuery all() {
        return new CaseQuery(null, null, null, MAX_LIMIT);
    }

    public boolean matches(DiagnosticCase c) {
        return (status == null || c.status() == status)
                && (severity == null || c.severity() == severity)
                && (vin == null || c.vin().equals(vin))
                && (assignee == null || assignee.equals(c.work().assignee()))
                && (active == null || c.status().active() == active)
                && (overdue == null || c.work().overdue() == overdue);
    }
}

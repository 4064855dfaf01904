package dev.telematics.api;

import dev.telematics.cases.CaseStatus;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.vehicle.Severity;
import java.time.Instant;

/** A case in a list: everything but the evidence, notes, events and work order. */
public record CaseSummary(long id, String number, String vin, String problem, String ruleId, Severity severity,
                          String title, CaseStatus status, Instant openedAt, Instant lastSeenAt, int occurrences,
                          int notes, String assignee, String skill, Instant slaDueAt, boolean overdue,
                          boolean workOrder, long version) {
    static CaseSummary of(DiagnosticCase c) {
        return new CaseSummary(c.id(), c.number(), c.vin(), c.problem(), c.ruleId(), c.severity(), c.title(),
                c.status(), c.openedAt(), c.lastSeenAt(), c.occurrences(), c.notes().size(), c.work().assignee(),
                c.work().skill(), c.slaDueAt(), c.work().overdue(), c.work().workOrder() != null, c.version());
    }
}

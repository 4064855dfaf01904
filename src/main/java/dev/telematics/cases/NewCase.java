package dev.telematics.cases;

import dev.telematics.vehicle.Severity;
import java.time.Instant;
import java.util.List;

/** What the store needs to create a case; it assigns the id, the number and the version. */
public record NewCase(String vin, String problem, String ruleId, Severity severity, String title,
                      String description, Instant openedAt, Evidence evidence, CaseEvent openedEvent, CaseWork work,
                      List<CaseEvent> moreEvents) {
    /** Without events after the opening. */
    public NewCase(String vin, String problem, String ruleId, Severity severity, String title, String description,
                   Instant openedAt, Evidence evidence, CaseEvent openedEvent, CaseWork work) {
        this(vin, problem, ruleId, severity, title, description, openedAt, evidence, openedEvent, work, List.of());
    }

    public NewCase {
        java.util.Objects.requireNonNull(vin, "vin");
        java.util.Objects.requireNonNull(problem, "problem");
        java.util.Objects.requireNonNull(severity, "severity");
        java.util.Objects.requireNonNull(openedAt, "openedAt");
        java.util.Objects.requireNonNull(evidence, "evidence");
        java.util.Objects.requireNonNull(openedEvent, "openedEvent");
        work = work == null ? CaseWork.none() : work;
        moreEvents = List.copyOf(moreEvents);
    }

    /** The case's first events: the opening, then any others (an assignment). */
    public List<CaseEvent> events() {
        List<CaseEvent> all = new java.util.ArrayList<>();
        all.add(openedEvent);
        all.addAll(moreEvents);
        return all;
    }
}

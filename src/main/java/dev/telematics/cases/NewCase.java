package dev.telematics.cases;

import dev.telematics.vehicle.Severity;
import java.time.Instant;
import java.util.List;
import java.util.ArrayList;
import java.util.Objects;

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
        Objects.requireNonNull(vin, "vin");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(openedEvent, "openedEvent");
        work = work == null ? CaseWork.none() : work;
        moreEvents = List.copyOf(moreEvents);
    }

    /** The case's first events: the opening, then any others (an assignment). */
    public List<CaseEvent> events() {
        List<CaseEvent> all = new ArrayList<>();
        all.add(openedEvent);
        all.addAll(moreEvents);
        return all;
    }
}

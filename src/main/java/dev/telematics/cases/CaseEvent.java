package dev.telematics.cases;

import java.time.Instant;
import java.util.Objects;

/** One audited change of a case: when, who, what, from which status to which, why. */
public record CaseEvent(Instant at, String actor, CaseEventType type, CaseStatus from, CaseStatus to, String detail) {
    public CaseEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(type, "type");
    }
}

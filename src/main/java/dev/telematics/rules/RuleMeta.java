package dev.telematics.rules;

import java.util.Objects;

/**
 * What every rule has, whatever its kind: identity, severity, the problem it stands for (one open case
 * per vehicle and problem), whether it opens a diagnostic case, and the owner's warning.
 */
public record RuleMeta(String id, String kind, String description, Severity severity, boolean opensCase,
                       String problem, OwnerMessage owner, String source) {
    public RuleMeta {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(owner, "owner");
        if (problem == null || problem.isBlank()) {
            problem = id;
        }
        description = description == null ? "" : description;
    }
}

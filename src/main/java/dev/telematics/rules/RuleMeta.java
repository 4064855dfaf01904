package dev.telematics.rules;

import dev.telematics.vehicle.Severity;

import java.time.Duration;
import java.util.Objects;

/**
 * What every rule has, whatever its kind: identity, severity, the problem it stands for (one open case
 * per vehicle and problem), whether it opens a diagnostic case, the owner's warning, the cooldown
 * (after a firing, the rule stays quiet for that vehicle this long, on vehicle time), and whether it is
 * only a condition of composite rules (it never fires by itself).
 */
public record RuleMeta(String id, String kind, String description, Severity severity, boolean opensCase,
                       String problem, OwnerMessage owner, String source, Duration cooldown, boolean conditionOnly) {
    public RuleMeta {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(owner, "owner");
        if (problem == null || problem.isBlank()) {
            problem = id;
        }
        description = description == null ? "" : description;
        cooldown = cooldown == null ? Duration.ZERO : cooldown;
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must not be negative");
        }
    }

    /** A rule that fires by itself and has no cooldown. */
    public RuleMeta(String id, String kind, String description, Severity severity, boolean opensCase, String problem,
                    OwnerMessage owner, String source) {
        this(id, kind, description, severity, opensCase, problem, owner, source, Duration.ZERO, false);
    }
}

package dev.telematics.cases;

import java.util.Set;

/**
 * Where a diagnostic case stands. OPEN -> ACKNOWLEDGED -> RESOLVED, or OPEN -> RESOLVED. A case is
 * active (and collects repeated firings of its problem) until it is resolved.
 */
public enum CaseStatus {
    OPEN, ACKNOWLEDGED, RESOLVED;

    public boolean active() {
        return this != RESOLVED;
    }

    public boolean canMoveTo(CaseStatus next) {
        return allowedNext().contains(next);
    }

    public Set<CaseStatus> allowedNext() {
        return switch (this) {
            case OPEN -> Set.of(ACKNOWLEDGED, RESOLVED);
            case ACKNOWLEDGED -> Set.of(RESOLVED);
            case RESOLVED -> Set.of();
        };
    }
}

package dev.telematics.cases;

import java.time.Duration;
import java.util.Objects;

/** How fast a case of one severity must be acknowledged, and brought to an outcome, after it opened. */
public record SlaTarget(Duration acknowledge, Duration outcome) {
    public SlaTarget {
        Objects.requireNonNull(acknowledge, "acknowledge");
        Objects.requireNonNull(outcome, "outcome");
        if (acknowledge.isNegative() || acknowledge.isZero() || outcome.compareTo(acknowledge) < 0) {
            throw new IllegalArgumentException("SLA targets must be positive and 'outcome' not shorter than 'acknowledge'");
        }
    }
}

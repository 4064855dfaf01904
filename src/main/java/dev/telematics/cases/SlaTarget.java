package dev.telematics.cases;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast a case of one severity must be acknowledged, and brought to an outcome, after it opened: each
 * as elapsed time or working days ({@link SlaDuration}). An elapsed {@code acknowledge} may go with a
 * working-day {@code outcome} (it must not exceed 24h per working day); a working-day {@code acknowledge}
 * needs a working-day {@code outcome}.
 */
public record SlaTarget(SlaDuration acknowledge, SlaDuration outcome) {
    public SlaTarget {
        Objects.requireNonNull(acknowledge, "acknowledge");
        Objects.requireNonNull(outcome, "outcome");
        boolean shorter;
        if (acknowledge.isWorkingDays() != outcome.isWorkingDays()) {
            if (acknowledge.isWorkingDays()) {
                throw new IllegalArgumentException("'outcome' must be in working days too when 'acknowledge' is ("
                        + acknowledge + ")");
            }
            shorter = Duration.ofDays(outcome.workingDays()).compareTo(acknowledge.elapsed()) < 0;
        } else {
            shorter = acknowledge.isWorkingDays() ? outcome.workingDays() < acknowledge.workingDays()
                    : outcome.elapsed().compareTo(acknowledge.elapsed()) < 0;
        }
        if (shorter) {
            throw new IllegalArgumentException("SLA targets must be positive and 'outcome' (" + outcome
                    + ") not shorter than 'acknowledge' (" + acknowledge + ")");
        }
    }

    /** Elapsed-time targets, as before working days existed. */
    public SlaTarget(Duration acknowledge, Duration outcome) {
        this(SlaDuration.of(acknowledge), SlaDuration.of(outcome));
    }
}

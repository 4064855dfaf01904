package dev.telematics.delivery;

import java.time.Instant;

/**
 * Records on a case that its owner was warned at {@code at} (the broker took the warning). Implemented by
 * the case workflow; called on delivery's own thread, never on the broker's.
 */
@FunctionalInterface
public interface WarnedRecorder {
    void warned(long caseId, Instant at);
}

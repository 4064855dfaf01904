package dev.telematics.delivery;

import java.time.Instant;

/**
 * Records on a case which warning its owner was sent and when (the broker took it). Implemented by the
 * case workflow ({@link CaseWarnedRecorder}); called on delivery's own thread, never on the broker's,
 * except {@link #sending}, which is called where the warning is handed over (a processing thread) and must
 * not block.
 */
@FunctionalInterface
public interface WarnedRecorder {
    /** The broker took warning {@code warningId} of case {@code caseId} at {@code at}. */
    void warned(long caseId, String warningId, Instant at);

    /** Warning {@code warningId} of case {@code caseId} is about to be published (cheap, in memory). */
    default void sending(long caseId, String warningId) {
    }

    /** Delivery gave up on warning {@code warningId} of case {@code caseId}: it was never sent. */
    default void notSent(long caseId, String warningId) {
    }
}

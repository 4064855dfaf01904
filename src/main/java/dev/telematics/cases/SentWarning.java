package dev.telematics.cases;

import java.time.Instant;
import java.util.Objects;

/**
 * A warning sent to the owner of a case ({@code vehicles/{VIN}/warnings}), kept on the case's
 * {@link CaseWork} so that only the owner's acknowledgement of a warning really sent is accepted, once.
 *
 * @param warningId      the warning's id as published ({@code W-...})
 * @param sentAt         when the broker took it; null while the owner acknowledged it before the engine
 *                       recorded the broker's confirmation (the warning was under way)
 * @param acknowledgedAt when the owner acknowledged it in the owner app, or null
 */
public record SentWarning(String warningId, Instant sentAt, Instant acknowledgedAt) {
    public SentWarning {
        Objects.requireNonNull(warningId, "warningId");
    }

    SentWarning sent(Instant at) {
        return new SentWarning(warningId, at, acknowledgedAt);
    }

    SentWarning acknowledged(Instant at) {
        return new SentWarning(warningId, sentAt, at);
    }
}

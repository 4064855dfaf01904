package dev.telematics.handoff;

import java.util.Objects;

/**
 * What became of one message: processed, or rejected with a stable reason (bad input, overload, a
 * processing error). The edge turns it into the car's acknowledgement.
 *
 * @param reason null when processed
 * @param detail what was wrong, for the log (null when processed)
 */
public record Outcome(RejectReason reason, String detail) {
    public static final Outcome PROCESSED = new Outcome(null, null);

    public Outcome {
        if (reason == null && detail != null) {
            throw new IllegalArgumentException("a processed message has no rejection detail");
        }
        if (reason != null) {
            Objects.requireNonNull(detail, "detail");
        }
    }

    public static Outcome rejected(RejectReason reason, String detail) {
        return new Outcome(Objects.requireNonNull(reason, "reason"), detail);
    }

    public boolean processed() {
        return reason == null;
    }
}

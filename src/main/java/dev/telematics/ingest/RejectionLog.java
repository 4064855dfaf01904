package dev.telematics.ingest;

import dev.telematics.handoff.RejectReason;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs rejected messages without flooding the log: per reason, the first one and then at most one
 * line per interval, saying how many were suppressed in between. Thread-safe.
 */
public final class RejectionLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.telematics.ingest.rejected");
    private final Clock clock;
    private final long intervalMillis;
    private final AtomicLongArray lastLogged = new AtomicLongArray(RejectReason.values().length);
    private final AtomicLong[] suppressed = new AtomicLong[RejectReason.values().length];

    public RejectionLog(Clock clock, long intervalMillis) {
        this.clock = clock;
        this.intervalMillis = intervalMillis;
        for (int i = 0; i < suppressed.length; i++) {
            suppressed[i] = new AtomicLong();
            lastLogged.set(i, Long.MIN_VALUE);
        }
    }

    /** Records a rejection; returns true when it was written to the log. */
    public boolean log(RejectReason reason, String vin, String detail) {
        int i = reason.ordinal();
        long now = clock.millis();
        long last = lastLogged.get(i);
        if ((last == Long.MIN_VALUE || now - last >= intervalMillis) && lastLogged.compareAndSet(i, last, now)) {
            long skipped = suppressed[i].getAndSet(0);
            LOG.warn("rejected message from {}: {}: {}{}", vin, reason, detail,
                    skipped > 0 ? " (" + skipped + " more " + reason + " since the last line)" : "");
            return true;
        }
        suppressed[i].incrementAndGet();
        return false;
    }
}

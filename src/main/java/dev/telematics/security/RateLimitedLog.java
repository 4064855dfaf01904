package dev.telematics.security;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** WARN lines, at most {@code perMinute} a minute; the rest are counted and reported with the next line. Thread-safe. */
public final class RateLimitedLog {
    private final Logger log;
    private final int perMinute;
    private final AtomicLong window = new AtomicLong();
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public RateLimitedLog(Logger log, int perMinute) {
        this.log = log;
        this.perMinute = perMinute;
    }

    public void warn(String format, Object... args) {
        long minute = System.currentTimeMillis() / 60_000;
        if (window.getAndSet(minute) != minute) {
            inWindow.set(0);
        }
        if (inWindow.incrementAndGet() > perMinute) {
            dropped.incrementAndGet();
            return;
        }
        long skipped = dropped.getAndSet(0);
        if (skipped > 0) {
            log.warn("({} similar lines not logged)", skipped);
        }
        log.warn(format, args);
    }
}

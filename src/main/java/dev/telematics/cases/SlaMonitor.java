package dev.telematics.cases;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks for cases that missed an SLA target every {@code every} ({@link SlaChecks#checkSla()}), on a
 * thread of its own. The clock that decides what is due is the SLA checks' (tests inject one and call
 * {@code checkSla()} themselves). Lifecycle: {@link #start()} once, {@link #close()}.
 */
public final class SlaMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlaMonitor.class);
    private final SlaChecks cases;
    private final Duration every;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sla-monitor");
        t.setDaemon(true);
        return t;
    });

    public SlaMonitor(SlaChecks cases, Duration every) {
        this.cases = cases;
        this.every = every;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            int n = cases.checkSla();
            if (n > 0) {
                LOG.info("{} case(s) missed an SLA target and are flagged overdue", n);
            }
        } catch (RuntimeException e) { // the store may be down for a moment: try again next time
            LOG.warn("SLA check failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        // no interrupt: an interrupted thread inside H2's file I/O would close the database file for everyone
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the SLA check did not finish within 10 s of stopping");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

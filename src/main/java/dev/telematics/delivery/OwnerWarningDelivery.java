package dev.telematics.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.handoff.DownlinkChannel;
import dev.telematics.handoff.OwnerWarning;
import dev.telematics.handoff.WarningDelivery;
import dev.telematics.timing.LatencyBuckets;
import dev.telematics.timing.LatencyRecorder;
import dev.telematics.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers owner warnings: publishes each on {@code vehicles/{VIN}/warnings} (QoS 1; the car and its owner
 * app subscribe), and only once the broker has taken it marks the case as warned ({@link WarnedRecorder})
 * and tells the listener. A publish the broker refuses is tried again ({@code attempts} in all, the waits
 * doubling from {@code firstRetryAfter}); one that fails every time is counted and logged, and its case is
 * never marked as warned, so the next recurrence warns again. The recorder hears of each warning of a case
 * before it is published ({@link WarnedRecorder#sending}), once the broker took it (which warning, when), or
 * that it was never sent.
 *
 * <p>Threading: {@link #deliver} is called on processing threads and never blocks. Publish results arrive
 * on the broker's threads; the case write, the retries and the listener run on this delivery's own thread.
 */
public final class OwnerWarningDelivery implements WarningDelivery, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerWarningDelivery.class);
    private final DownlinkChannel channel;
    private final ObjectMapper json;
    private final Clock clock;
    private final WarnedRecorder recorder;
    private final Consumer<OwnerWarning> listener;
    private final int attempts;
    private final Duration firstRetryAfter;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "warning-delivery");
        t.setDaemon(true);
        return t;
    });
    private final LongAdder published = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder recordFailures = new LongAdder();
    private final LongAdder pending = new LongAdder();
    private final LatencyRecorder publishLatency = new LatencyRecorder();

    public OwnerWarningDelivery(DownlinkChannel channel, ObjectMapper json, Clock clock, WarnedRecorder recorder,
                                Consumer<OwnerWarning> listener, int attempts, Duration firstRetryAfter) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1");
        }
        this.channel = channel;
        this.json = json;
        this.clock = clock;
        this.recorder = recorder;
        this.listener = listener;
        this.attempts = attempts;
        this.firstRetryAfter = firstRetryAfter;
    }

    @Override
    public void deliver(OwnerWarning warning, Long caseId) {
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(warning);
        } catch (JsonProcessingException e) {
            failed.increment();
            LOG.error("cannot serialise owner warning for {}", warning.vin(), e);
            return;
        }
        pending.increment();
        if (caseId != null) {
            recorder.sending(caseId, warning.warningId());
        }
        attempt(warning, caseId, payload, 1, System.nanoTime());
    }

    private void attempt(OwnerWarning w, Long caseId, byte[] payload, int attempt, long created) {
        channel.publish(Topics.warnings(w.vin()), payload).whenComplete((ok, err) -> {
            if (err == null) {
                published.increment();
                publishLatency.recordNanos(System.nanoTime() - created);
                executeOnDelivery(() -> delivered(w, caseId));
            } else if (attempt < attempts) {
                retried.increment();
                long wait = firstRetryAfter.toMillis() << (attempt - 1);
                LOG.debug("owner warning {} for {} not taken by the broker ({}), trying again in {} ms",
                        w.warningId(), w.vin(), err.toString(), wait);
                scheduleOnDelivery(() -> attempt(w, caseId, payload, attempt + 1, created), wait);
            } else {
                failed.increment();
                pending.decrement();
                notSent(w, caseId);
                LOG.warn("owner warning {} for {} not published after {} attempts: {}", w.warningId(), w.vin(),
                        attempts, err.toString());
            }
        });
    }

    private void delivered(OwnerWarning w, Long caseId) {
        try {
            if (caseId != null) {
                recorder.warned(caseId, w.warningId(), clock.instant());
            }
        } catch (RuntimeException e) { // the warning went out; only the reminder clock is not moved on
            recordFailures.increment();
            LOG.warn("owner warning {} was sent, but case {} could not be marked as warned: {}", w.warningId(), caseId,
                    e.toString());
        } finally {
            pending.decrement();
        }
        try {
            listener.accept(w);
        } catch (RuntimeException e) {
            LOG.warn("warning listener failed", e);
        }
    }

    private void notSent(OwnerWarning w, Long caseId) {
        if (caseId != null) {
            try {
                recorder.notSent(caseId, w.warningId());
            } catch (RuntimeException e) {
                LOG.warn("could not tell case {} that warning {} was not sent: {}", caseId, w.warningId(), e.toString());
            }
        }
    }

    private void executeOnDelivery(Runnable r) {
        try {
            executor.execute(r);
        } catch (RuntimeException e) { // closed: do it here
            r.run();
        }
    }

    private void scheduleOnDelivery(Runnable r, long millis) {
        try {
            executor.schedule(r, millis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) { // closed: the warning is lost; say so
            failed.increment();
            pending.decrement();
        }
    }

    /** Warnings the broker took. */
    public long published() {
        return published.sum();
    }

    /** Warnings the broker refused on every attempt (never marked as warned). */
    public long failed() {
        return failed.sum();
    }

    /** Publish attempts repeated after the broker refused one. */
    public long retried() {
        return retried.sum();
    }

    /** Warnings handed over and not yet published, recorded or given up. */
    public long pending() {
        return pending.sum();
    }

    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("published", published.sum());
        m.put("failed", failed.sum());
        m.put("retried", retried.sum());
        m.put("pending", pending.sum());
        m.put("caseRecordFailures", recordFailures.sum());
        return m;
    }

    /** Time from a warning handed to delivery to the broker taking it. */
    public Map<String, Object> publishLatency() {
        return publishLatency.snapshot();
    }

    /** The same latency as cumulative buckets since start, for Prometheus (a latency reset leaves them alone). */
    public LatencyBuckets.Snapshot publishLatencyBuckets() {
        return publishLatency.cumulative();
    }

    public void resetLatency() {
        publishLatency.reset();
    }

    /** Waits up to {@code timeout} for warnings under way, then stops; what was still pending is counted as failed. */
    public void close(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (pending.sum() > 0 && System.nanoTime() < end) {
            LockSupport.parkNanos(5_000_000);
        }
        executor.shutdown();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left = pending.sum();
        if (left > 0) {
            failed.add(left);
            pending.add(-left);
            LOG.warn("{} owner warnings were still under way at stop", left);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(3));
    }
}

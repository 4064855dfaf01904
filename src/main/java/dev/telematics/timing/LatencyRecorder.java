package dev.telematics.timing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A latency distribution (HdrHistogram, 3 significant digits, up to one hour). Recording is lock-free
 * and safe from any number of threads; {@link #snapshot()} folds what was recorded since the last one
 * into the running total and may be called from any thread, as may {@link #reset()}. Next to it, every latency
 * is also counted in fixed cumulative buckets ({@link #cumulative()}) for Prometheus, which {@link #reset()} leaves
 * alone.
 */
public final class LatencyRecorder {
    private static final long MAX_NANOS = 3_600_000_000_000L;
    private final Recorder recorder = new Recorder(MAX_NANOS, 3);
    private final Histogram total = new Histogram(MAX_NANOS, 3);
    private Histogram interval;
    private final LatencyBuckets buckets = new LatencyBuckets();

    /** Records one latency in nanoseconds (negative values count as 0, values over an hour as an hour). */
    public void recordNanos(long nanos) {
        long v = Math.min(Math.max(nanos, 0), MAX_NANOS);
        recorder.recordValue(v);
        buckets.recordNanos(v);
    }

    /** The bucket counts since start (not affected by {@link #reset()}). */
    public LatencyBuckets.Snapshot cumulative() {
        return buckets.snapshot();
    }

    public void recordMillis(long millis) {
        recordNanos(millis * 1_000_000L);
    }

    /** Count, p50, p95, p99 and max in milliseconds since start. */
    public synchronized Map<String, Object> snapshot() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", total.getTotalCount());
        m.put("p50", ms(total.getValueAtPercentile(50)));
        m.put("p95", ms(total.getValueAtPercentile(95)));
        m.put("p99", ms(total.getValueAtPercentile(99)));
        m.put("max", ms(total.getMaxValue()));
        return m;
    }

    /** Forgets the distribution recorded so far (e.g. after a benchmark's warm-up); the bucket counts keep counting. */
    public synchronized void reset() {
        interval = recorder.getIntervalHistogram(interval);
        total.reset();
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}

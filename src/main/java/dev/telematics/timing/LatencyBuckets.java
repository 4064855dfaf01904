package dev.telematics.timing;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cumulative latency counts in fixed buckets (seconds, 1 ms .. 30 s, then +Inf) and their sum, as a Prometheus
 * histogram needs them: counted since start and never reset, so that nodes' figures add up. Recording is
 * lock-free ({@link LongAdder}s) and safe from any number of threads; {@link #snapshot()} may be called from any
 * thread and sees each bucket at some moment during the call.
 */
public final class LatencyBuckets {
    /** Upper bounds in seconds ({@code le}), inclusive; a last bucket +Inf takes the rest. */
    private static final double[] BOUNDS_SECONDS =
            {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    private static final long[] BOUNDS_NANOS = Arrays.stream(BOUNDS_SECONDS).mapToLong(s -> Math.round(s * 1e9)).toArray();
    private final LongAdder[] counts = new LongAdder[BOUNDS_NANOS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    public LatencyBuckets() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** Counts one latency in nanoseconds (negative values count as 0). */
    public void recordNanos(long nanos) {
        long v = Math.max(nanos, 0);
        int i = Arrays.binarySearch(BOUNDS_NANOS, v);
        counts[i >= 0 ? i : -i - 1].increment();
        sumNanos.add(v);
    }

    /** The cumulative counts now: bucket i counts every latency up to {@code upperBounds[i]} seconds. */
    public Snapshot snapshot() {
        long[] cumulative = new long[counts.length];
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i].sum();
            cumulative[i] = running;
        }
        double[] bounds = Arrays.copyOf(BOUNDS_SECONDS, counts.length);
        bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
        return new Snapshot(bounds, cumulative, sumNanos.sum() / 1e9);
    }

    /**
     * Cumulative bucket counts: {@code counts[i]} latencies were at most {@code upperBounds[i]} seconds; the last
     * bound is +Inf, so the last count is the total.
     */
    public record Snapshot(double[] upperBounds, long[] counts, double sumSeconds) {
        public Snapshot {
            if (upperBounds.length == 0 || upperBounds.length != counts.length
                    || upperBounds[upperBounds.length - 1] != Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("buckets need one count per bound and a last bound of +Inf");
            }
            for (int i = 1; i < counts.length; i++) {
                if (upperBounds[i] <= upperBounds[i - 1] || counts[i] < counts[i - 1]) {
                    throw new IllegalArgumentException("bounds must rise and counts must be cumulative at bucket " + i);
                }
            }
            if (counts[0] < 0 || sumSeconds < 0 || Double.isNaN(sumSeconds)) {
                throw new IllegalArgumentException("counts and sum must not be negative");
            }
            upperBounds = upperBounds.clone();
            counts = counts.clone();
        }

        @Override
        public double[] upperBounds() {
            return upperBounds.clone();
        }

        @Override
        public long[] counts() {
            return counts.clone();
        }

        /** Every latency counted. */
        public long count() {
            return counts[counts.length - 1];
        }
    }
}

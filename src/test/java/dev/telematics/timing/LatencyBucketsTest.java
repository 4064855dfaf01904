package dev.telematics.timing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatencyBucketsTest {
    private static final long MS = 1_000_000L;

    private static long countUpTo(LatencyBuckets.Snapshot s, double le) {
        double[] bounds = s.upperBounds();
        for (int i = 0; i < bounds.length; i++) {
            if (bounds[i] == le) {
                return s.counts()[i];
            }
        }
        throw new AssertionError("no bucket le=" + le);
    }

    @Test
    void latencies_countInEveryBucketFromTheirOwnUp_withInclusiveBoundsAndSumInSeconds() {
        LatencyBuckets b = new LatencyBuckets();
        b.recordNanos(MS);          // exactly 1 ms: le="0.001"
        b.recordNanos(MS + 1);      // just over: le="0.0025"
        b.recordNanos(200 * MS);    // le="0.25"
        b.recordNanos(60_000 * MS); // a minute: only +Inf
        b.recordNanos(-5);          // counts as 0
        LatencyBuckets.Snapshot s = b.snapshot();
        assertEquals(2, countUpTo(s, 0.001));
        assertEquals(3, countUpTo(s, 0.0025));
        assertEquals(3, countUpTo(s, 0.1));
        assertEquals(4, countUpTo(s, 0.25));
        assertEquals(4, countUpTo(s, 30));
        assertEquals(5, countUpTo(s, Double.POSITIVE_INFINITY));
        assertEquals(5, s.count());
        assertEquals(60.202000001, s.sumSeconds(), 1e-9);
    }

    @Test
    void recorderReset_clearsTheJsonDistribution_butNotTheCumulativeBuckets() {
        LatencyRecorder r = new LatencyRecorder();
        r.recordMillis(3);
        r.recordMillis(7);
        r.reset();
        r.recordMillis(40);
        assertEquals(1L, r.snapshot().get("count"));
        assertEquals(3, r.cumulative().count());
        assertEquals(1, countUpTo(r.cumulative(), 0.005));
    }

    @Test
    void snapshot_refusesBucketsThatAreNotCumulativeOrLackPlusInf() {
        double inf = Double.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> new LatencyBuckets.Snapshot(new double[] {1, inf}, new long[] {2, 1}, 0));
        assertThrows(IllegalArgumentException.class, () -> new LatencyBuckets.Snapshot(new double[] {1, 2}, new long[] {1, 2}, 0));
        assertThrows(IllegalArgumentException.class, () -> new LatencyBuckets.Snapshot(new double[] {2, 1, inf}, new long[] {0, 0, 0}, 0));
        assertArrayEquals(new long[] {1, 2}, new LatencyBuckets.Snapshot(new double[] {1, inf}, new long[] {1, 2}, 0.5).counts());
    }
}

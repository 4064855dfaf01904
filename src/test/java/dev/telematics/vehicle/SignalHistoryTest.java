package dev.telematics.vehicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A signal's ring held compactly reads back, bit for bit, what a ring of longs and doubles held (the
 * reference here): timestamps across long gaps and rebases, decimals of every scale, values that are no
 * decimals, any ring size.
 */
class SignalHistoryTest {
    @Test
    void randomSeries_readBackExactlyAsAringOfLongsAndDoublesWould() {
        Random r = new Random(9);
        for (int run = 0; run < 400; run++) {
            int capacity = 1 + r.nextInt(150);
            SignalHistory h = new SignalHistory(capacity);
            List<Long> ts = new ArrayList<>();
            List<Double> vs = new ArrayList<>();
            long t = r.nextInt(3) == 0 ? Long.MAX_VALUE - 10_000_000_000L : 1_764_670_000_000L;
            int mood = r.nextInt(4);
            for (int i = 0; i < 500; i++) {
                int gap = r.nextInt(200);
                t += gap == 0 ? 40L * 24 * 3_600_000 : gap == 1 ? 20L * 24 * 3_600_000 : 900 + r.nextInt(200);
                double v = value(r, mood);
                h.add(t, v);
                ts.add(t);
                vs.add(v);
                if (ts.size() > capacity) {
                    ts.remove(0);
                    vs.remove(0);
                }
                TimedValue last = h.last();
                assertEquals(t, last.ts());
                assertEquals(bits(v), bits(last.value()));
            }
            assertArrayEquals(ts.stream().mapToLong(Long::longValue).toArray(), h.timestamps(), "run " + run);
            double[] values = h.values();
            for (int i = 0; i < values.length; i++) {
                assertEquals(bits(vs.get(i)), bits(values[i]), "run " + run + " value " + i);
            }
            long since = ts.get(ts.size() / 2);
            List<TimedValue> recent = h.since(since);
            assertEquals(ts.stream().filter(x -> x >= since).count(), recent.size());
        }
    }

    private static double value(Random r, int mood) {
        int kind = mood == 3 ? r.nextInt(4) : mood;
        return switch (kind) {
            case 0 -> Math.round((250 + r.nextGaussian()) * 10) / 10.0; // a tire
            case 1 -> Math.round(r.nextGaussian() * 1e7) / Math.pow(10, r.nextInt(7)); // any scale
            case 2 -> r.nextInt(20) == 0 ? Double.NaN : r.nextInt(20) == 0 ? -0.0 : r.nextDouble() * 1e12;
            default -> 5.0e8 + r.nextInt(1000) / 10.0; // 500,000 km in metres: too long for an int at 1 decimal
        };
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }
}

package dev.telematics.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A forecast history held compactly gives, bit for bit, the ages and values two arrays of doubles gave
 * (the reference here), whatever comes: decimals of any scale, values that are no decimals, gaps that do
 * not fit an int, halving, new histories, restores by age.
 */
class ForecastPointsTest {
    private static final long HOUR = 3_600_000L;

    @Test
    void randomHistories_giveExactlyTheDoublesOfTheReference() {
        Random r = new Random(5);
        for (int run = 0; run < 300; run++) {
            long step = r.nextBoolean() ? HOUR : 1 + r.nextInt(100_000_000);
            int capacity = 20 + r.nextInt(200);
            ForecastPoints p = new ForecastPoints(step, capacity, 32);
            List<Double> t = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            long offset = r.nextInt(1000);
            int mood = r.nextInt(4); // 0: tire decimals, 1: mixed scales, 2: ratios, 3: a bit of everything
            for (int i = 0; i < 600; i++) {
                if (t.size() == capacity) {
                    int keep = t.size() / 2;
                    p.keepNewest(keep);
                    t.subList(0, t.size() - keep).clear();
                    y.subList(0, y.size() - keep).clear();
                }
                if (r.nextInt(300) == 0) {
                    p.clear();
                    t.clear();
                    y.clear();
                }
                offset += r.nextInt(50) == 0 ? (long) Integer.MAX_VALUE + r.nextInt(1000) : step + r.nextInt(5000);
                double v = value(r, mood);
                p.add(offset, v);
                t.add((double) offset / step);
                y.add(v);
                assertEquals(bits(v), bits(p.lastValue()));
            }
            assertExactly(t, y, p, "run " + run);
            ForecastPoints back = new ForecastPoints(step, capacity, Math.max(32, t.size()));
            for (int i = 0; i < t.size(); i++) {
                back.addAge(t.get(i), y.get(i));
            }
            assertExactly(t, y, back, "restored, run " + run);
        }
    }

    @Test
    void agesThatAreNoWholeMilliseconds_areKeptAsTheyAre() {
        ForecastPoints p = new ForecastPoints(HOUR, 100, 32);
        p.addAge(1.0, 250.1);
        p.addAge(Math.PI, 250.2);
        p.addAge(Double.NaN, Double.NaN);
        assertEquals(bits(Math.PI), bits(p.ages()[1]));
        assertTrue(Double.isNaN(p.ages()[2]) && Double.isNaN(p.values()[2]));
        assertEquals(bits(250.1), bits(p.values()[0]));
    }

    private static double value(Random r, int mood) {
        int kind = mood == 3 ? r.nextInt(3) : mood;
        return switch (kind) {
            case 0 -> Math.round((250 + r.nextGaussian()) * 10) / 10.0;
            case 1 -> Math.round(r.nextGaussian() * 1e5) / Math.pow(10, r.nextInt(8));
            default -> r.nextInt(10) == 0 ? -0.0 : (1e6 + r.nextInt(100_000)) / (350 + r.nextInt(10_000) / 100.0);
        };
    }

    private static void assertExactly(List<Double> t, List<Double> y, ForecastPoints p, String what) {
        assertEquals(t.size(), p.size(), what);
        double[] ages = p.ages();
        double[] values = p.values();
        for (int i = 0; i < t.size(); i++) {
            assertEquals(bits(t.get(i)), bits(ages[i]), what + " age " + i);
            assertEquals(bits(y.get(i)), bits(values[i]), what + " value " + i + ": " + y.get(i) + " vs " + values[i]);
        }
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }
}

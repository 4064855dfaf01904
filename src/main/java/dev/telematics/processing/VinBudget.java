package dev.telematics.processing;

import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Each vehicle's share of its processing worker's time, so that one car whose messages are expensive (a
 * report of 500 codes that fires dozens of rules, each a case write) cannot take the worker it shares with
 * other cars. A token bucket of worker time per VIN: it holds up to {@link Limits#burst()} and refills at
 * {@link Limits#perSecond()} per second; the time the worker spent on each of the car's messages is taken
 * out of it. A car whose bucket is empty has its next messages refused (OVERLOADED, 0x97: the car keeps
 * them and sends them again later) until it has refilled.
 *
 * <p>Only cars with an expensive message ({@link Limits#tracked()} or more) get a bucket; it is dropped once
 * full again, so ordinary cars cost nothing here and the map holds only the cars that recently used more.
 *
 * <p>Threading: {@link #admits} is called on the broker's threads, {@link #charge} on the vehicle's worker;
 * the map is concurrent and each bucket is locked while it changes.
 */
final class VinBudget {
    /**
     * @param burst     worker time a car may use at once
     * @param perSecond worker time a car may use per second, on average, once its burst is used
     * @param tracked   a message that took this long or more starts tracking its car
     */
    record Limits(Duration burst, Duration perSecond, Duration tracked) {
        /** 2 s at once, then 50 ms per second (5 % of a worker); tracked from 5 ms per message. */
        static final Limits DEFAULTS = new Limits(Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(5));

        Limits {
            Objects.requireNonNull(burst, "burst");
            Objects.requireNonNull(perSecond, "perSecond");
            Objects.requireNonNull(tracked, "tracked");
            if (burst.isNegative() || burst.isZero() || perSecond.isNegative() || perSecond.isZero()
                    || tracked.isNegative() || perSecond.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("burst and per-second share must be > 0 (the share at most 1 s), "
                        + "tracked >= 0");
            }
        }
    }

    private static final class Bucket {
        long level;
        long refilledAt;

        Bucket(long level, long now) {
            this.level = level;
            this.refilledAt = now;
        }
    }

    private final long burst;
    private final double perNano;
    private final long tracked;
    private final Map<Vin, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongAdder refused = new LongAdder();

    VinBudget(Limits limits) {
        this.burst = limits.burst().toNanos();
        this.perNano = limits.perSecond().toNanos() / 1e9;
        this.tracked = limits.tracked().toNanos();
    }

    private void refill(Bucket b, long now) {
        long elapsed = Math.max(0, now - b.refilledAt);
        b.level = (long) Math.min(burst, b.level + elapsed * perNano);
        b.refilledAt = now;
    }

    /** Whether the car may have another message processed now (counted when not). */
    boolean admits(Vin vin, long now) {
        Bucket b = buckets.get(vin);
        if (b == null) {
            return true;
        }
        synchronized (b) {
            refill(b, now);
            if (b.level >= burst) {
                buckets.remove(vin, b); // full again: forget the car
                return true;
            }
            if (b.level > 0) {
                return true;
            }
        }
        refused.increment();
        return false;
    }

    /** Takes the worker time one of the car's messages took out of its bucket. */
    void charge(Vin vin, long costNanos, long now) {
        Bucket b = costNanos >= tracked ? buckets.computeIfAbsent(vin, v -> new Bucket(burst, now)) : buckets.get(vin);
        if (b == null) {
            return;
        }
        synchronized (b) {
            refill(b, now);
            b.level -= costNanos;
        }
    }

    /** Messages refused because their car had used its share, and the cars tracked now. */
    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("refusedOverShare", refused.sum());
        m.put("carsTracked", buckets.size());
        return m;
    }
}

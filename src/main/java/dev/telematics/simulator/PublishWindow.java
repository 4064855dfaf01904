package dev.telematics.simulator;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The in-flight window of one car: at most {@code size} publishes await their acknowledgement. A permit is
 * taken before a publish ({@link #tryOpen}) and given back exactly once when the publish completes
 * ({@link Ticket#succeed()} / {@link Ticket#fail()}), whichever of the Paho callback, a synchronous
 * publish error or {@link #abandon()} comes first. Every opened ticket is counted as offered and settles
 * as acknowledged or failed, so offered = acknowledged + failed once all tickets are settled.
 *
 * <p>Thread-safe: the publish scheduler opens tickets while Paho callback threads settle them.
 */
final class PublishWindow {
    private final int size;
    private final Semaphore permits;
    private final SimulatorCounters counters;
    private final Set<Ticket> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    PublishWindow(int size, SimulatorCounters counters) {
        if (size < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + size);
        }
        this.size = size;
        this.permits = new Semaphore(size);
        this.counters = counters;
    }

    int size() {
        return size;
    }

    /**
     * Takes a permit without waiting; {@code null} when the window is full or closed (nothing is counted
     * then: the caller decides whether that is a failure).
     *
     * @param dtc true for a DTC message (counted in {@code dtcSent} when acknowledged)
     */
    Ticket tryOpen(boolean dtc) {
        if (closed || !permits.tryAcquire()) {
            return null;
        }
        Ticket t = new Ticket(dtc);
        counters.offered.increment();
        pending.add(t);
        if (closed) {
            t.fail();
        }
        return t;
    }

    /** Waits until every permit is back (all publishes settled); false on timeout. */
    boolean awaitDrained(long timeoutNanos) throws InterruptedException {
        if (!permits.tryAcquire(size, Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS)) {
            return false;
        }
        permits.release(size);
        return true;
    }

    /** Closes the window and fails whatever is still in flight; returns how many were abandoned. */
    int abandon() {
        closed = true;
        int n = 0;
        for (Ticket t : pending) {
            if (t.fail()) {
                n++;
            }
        }
        return n;
    }

    /** One publish in flight. */
    final class Ticket {
        private final boolean dtc;
        private final AtomicBoolean settled = new AtomicBoolean();

        private Ticket(boolean dtc) {
            this.dtc = dtc;
        }

        /** Counts the publish as acknowledged; false when it was already settled. */
        boolean succeed() {
            if (!settle()) {
                return false;
            }
            counters.acknowledged.increment();
            if (dtc) {
                counters.dtcSent.increment();
            }
            return true;
        }

        /** Counts the publish as failed; false when it was already settled. */
        boolean fail() {
            if (!settle()) {
                return false;
            }
            counters.failed.increment();
            return true;
        }

        private boolean settle() {
            if (!settled.compareAndSet(false, true)) {
                return false;
            }
            pending.remove(this);
            permits.release();
            return true;
        }
    }
}

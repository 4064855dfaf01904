package dev.telematics.simulator;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one simulation run, shared by all its cars.
 *
 * <p>Thread-safe: every counter is a {@link LongAdder}, warnings go to a concurrent queue.
 */
final class SimulatorCounters {
    final LongAdder offered = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder backpressured = new LongAdder();
    final LongAdder dtcSent = new LongAdder();
    final LongAdder connected = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    private final Queue<ReceivedWarning> warnings = new ConcurrentLinkedQueue<>();

    /** A telemetry sample that found its car's in-flight window full: offered and failed at once. */
    void backpressure() {
        offered.increment();
        failed.increment();
        backpressured.increment();
    }

    void warning(ReceivedWarning w) {
        warnings.add(w);
    }

    List<ReceivedWarning> warnings() {
        return List.copyOf(warnings);
    }
}

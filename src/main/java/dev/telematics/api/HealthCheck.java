package dev.telematics.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * What {@code GET /health} answers. A load balancer or orchestrator sends new cars only to a node that
 * answers 200, so the node says 503 whenever it should not take more:
 * <ul>
 *   <li>200 {@code UP}: broker and rules up, every worker alive, backlog at most the limit;</li>
 *   <li>503 {@code STARTING}: not ready (starting, stopping, or a processing worker died);</li>
 *   <li>503 {@code DEGRADED}: ready, but more than {@code maxBacklog} vehicle messages wait for
 *   processing; back to {@code UP} as soon as the backlog is at the limit again.</li>
 * </ul>
 * The body always carries {@code backlog} and {@code maxBacklog}. Thread-safe if the suppliers are.
 */
public final class HealthCheck {
    private final BooleanSupplier ready;
    private final LongSupplier backlog;
    private final long maxBacklog;

    /**
     * @param ready      broker and rules up, every worker alive
     * @param backlog    vehicle messages taken from the broker and not yet processed
     * @param maxBacklog above this the node reports DEGRADED; 0: never
     */
    public HealthCheck(BooleanSupplier ready, LongSupplier backlog, long maxBacklog) {
        if (maxBacklog < 0) {
            throw new IllegalArgumentException("the health backlog limit must be >= 0 (0: none), got " + maxBacklog);
        }
        this.ready = ready;
        this.backlog = backlog;
        this.maxBacklog = maxBacklog;
    }

    /** One answer: its HTTP status and body. */
    public record Report(int httpStatus, Map<String, Object> body) {
    }

    public Report report() {
        boolean up = ready.getAsBoolean();
        long waiting = backlog.getAsLong();
        boolean degraded = up && maxBacklog > 0 && waiting > maxBacklog;
        String status = !up ? "STARTING" : degraded ? "DEGRADED" : "UP";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("backlog", waiting);
        m.put("maxBacklog", maxBacklog);
        if (degraded) {
            m.put("reason", waiting + " vehicle messages wait for processing (more than " + maxBacklog
                    + "): send new connections elsewhere until it drains");
        }
        return new Report(status.equals("UP") ? 200 : 503, m);
    }
}

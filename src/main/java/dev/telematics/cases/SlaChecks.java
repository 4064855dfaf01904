package dev.telematics.cases;

import dev.telematics.error.EngineException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flags the active cases that missed an SLA target. Thread-safe (the store is): each flag is an engine
 * change, re-applied when it meets a concurrent change of the case, and skipped when the case has moved
 * on meanwhile (acknowledged, closed, already flagged).
 */
public final class SlaChecks {
    private static final Logger LOG = LoggerFactory.getLogger(SlaChecks.class);
    private static final int BATCH = 500;
    private final CaseUpdates updates;

    public SlaChecks(CaseUpdates updates) {
        this.updates = updates;
    }

    /**
     * Flags every active case whose next SLA target has passed (SLA_MISSED event, {@code overdue}) and
     * tells the listener. Called by the {@link SlaMonitor}; returns how many cases it flagged.
     */
    public int checkSla() {
        Instant now = updates.clock().instant();
        int flagged = 0;
        for (DiagnosticCase due : updates.store().slaDueBefore(now, BATCH)) {
            try {
                DiagnosticCase stored = updates.engineChange(due.id(), c -> {
                    String target = c.slaTarget();
                    if (target == null || c.slaDueAt() == null || !c.slaDueAt().isBefore(now) || c.work().overdue()) {
                        return null; // moved on meanwhile
                    }
                    return c.withWork(c.work().withBreach(target), new CaseEvent(now, CaseUpdates.ENGINE_ACTOR,
                            CaseEventType.SLA_MISSED, c.status(), c.status(),
                            (target.equals(CaseWork.ACKNOWLEDGE) ? "not acknowledged" : "no outcome")
                                    + " by " + c.slaDueAt() + " (" + c.severity().label()
                                    + " target); escalated to the supervisor"));
                });
                if (stored != null) {
                    flagged++;
                    updates.tell(() -> updates.listener().overdue(stored));
                }
            } catch (EngineException e) {
                LOG.warn("SLA check of case {} failed: {}", due.number(), e.getMessage());
            }
        }
        return flagged;
    }
}

package dev.telematics.cases;

import java.time.Clock;
import java.util.Objects;

/**
 * The case parts the engine exposes together: intake of rule firings, the technicians' workflow and the
 * SLA checks, all on one {@link CaseUpdates}. Thread-safe as its parts are.
 */
public record Cases(CaseIntake intake, CaseWorkflow workflow, SlaChecks sla) {
    public Cases {
        Objects.requireNonNull(intake, "intake");
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(sla, "sla");
    }

    /** Intake, workflow and SLA checks on {@code store}, sharing one {@link CaseUpdates}. */
    public static Cases of(CaseStore store, Clock clock, CaseListener listener, ServiceCenterConfig center) {
        CaseUpdates updates = new CaseUpdates(store, clock, listener);
        return new Cases(new CaseIntake(updates, center), new CaseWorkflow(updates, center, new WorkOrders()),
                new SlaChecks(updates));
    }

    /** As {@link #of(CaseStore, Clock, CaseListener, ServiceCenterConfig)} with the default service center. */
    public static Cases of(CaseStore store, Clock clock, CaseListener listener) {
        return of(store, clock, listener, ServiceCenterConfig.defaults());
    }
}

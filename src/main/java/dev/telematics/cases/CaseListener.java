package dev.telematics.cases;

import java.util.List;

/**
 * Told about cases the engine opens or updates. Called on the ingest worker that handled the firing:
 * implementations must be quick and must not throw.
 */
public interface CaseListener {
    CaseListener NONE = new CaseListener() {
    };

    default void opened(DiagnosticCase c) {
    }

    default void recurred(DiagnosticCase c) {
    }

    /** An SLA target of the case was missed (it is now flagged overdue). */
    default void overdue(DiagnosticCase c) {
    }

    /**
     * Audited events were written to the case ({@code added}, oldest first), whoever made them (the
     * engine, a technician through the API, the owner app). Also called on HTTP and SLA threads.
     */
    default void eventsAdded(DiagnosticCase c, List<CaseEvent> added) {
    }

    /** Both listeners, {@code this} first. */
    default CaseListener andThen(CaseListener next) {
        CaseListener first = this;
        return new CaseListener() {
            @Override
            public void opened(DiagnosticCase c) {
                first.opened(c);
                next.opened(c);
            }

            @Override
            public void recurred(DiagnosticCase c) {
                first.recurred(c);
                next.recurred(c);
            }

            @Override
            public void overdue(DiagnosticCase c) {
                first.overdue(c);
                next.overdue(c);
            }

            @Override
            public void eventsAdded(DiagnosticCase c, List<CaseEvent> added) {
                first.eventsAdded(c, added);
                next.eventsAdded(c, added);
            }
        };
    }
}

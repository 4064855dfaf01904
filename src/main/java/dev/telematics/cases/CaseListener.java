package dev.telematics.cases;

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
}

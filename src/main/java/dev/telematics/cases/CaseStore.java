package dev.telematics.cases;

import java.util.List;
import java.util.Optional;

/**
 * Where cases live. Implementations must be thread-safe: the ingest workers and the HTTP API use the
 * store at the same time. Callers must not assume the cases are in memory.
 */
public interface CaseStore {

    /** Creates a case with a new id, a unique human-readable number and version 1. */
    DiagnosticCase create(NewCase newCase);

    Optional<DiagnosticCase> findById(long id);

    Optional<DiagnosticCase> findByNumber(String number);

    /** The active (not resolved) case of a vehicle and problem, if any. */
    Optional<DiagnosticCase> findActive(String vin, String problem);

    /**
     * Stores a changed case if its version is still the stored one, and returns it with the next
     * version; otherwise throws {@link dev.telematics.error.EngineException} with STALE_UPDATE.
     */
    DiagnosticCase update(DiagnosticCase changed);

    /** Matching cases, newest first, at most {@code query.limit()}. */
    List<DiagnosticCase> list(CaseQuery query);

    long count();
}

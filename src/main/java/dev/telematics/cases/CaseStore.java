package dev.telematics.cases;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where cases live. Implementations must be thread-safe: the ingest workers, the SLA monitor and the
 * HTTP API use the store at the same time. Callers must not assume the cases are in memory. A method
 * that returns has made its change durable (as far as the store is durable at all).
 */
public interface CaseStore {

    /** Creates a case with a new id, a unique human-readable number, version 1 and store version 1. */
    DiagnosticCase create(NewCase newCase);

    Optional<DiagnosticCase> findById(long id);

    Optional<DiagnosticCase> findByNumber(String number);

    /** The active (not closed) case of a vehicle and problem, if any. */
    Optional<DiagnosticCase> findActive(String vin, String problem);

    /** The newest case of a vehicle and problem, active or not. */
    Optional<DiagnosticCase> findLatest(String vin, String problem);

    /**
     * Stores a changed case if its {@link DiagnosticCase#storeVersion()} is still the stored one, and
     * returns it with the next store version; otherwise throws {@link dev.telematics.error.EngineException}
     * with STALE_UPDATE. The edit version ({@link DiagnosticCase#version()}) is stored as given.
     */
    DiagnosticCase update(DiagnosticCase changed);

    /** Matching cases in the query's order and page. */
    List<DiagnosticCase> list(CaseQuery query);

    /** Active cases whose next SLA target is due before {@code t} and not yet marked missed, earliest first. */
    List<DiagnosticCase> slaDueBefore(Instant t, int limit);

    /** Active cases per assignee (technicians without one are absent). */
    Map<String, Long> activeCasesByAssignee();

    /** Cases per status (all statuses, zero included). */
    Map<CaseStatus, Long> countByStatus();

    long count();
}

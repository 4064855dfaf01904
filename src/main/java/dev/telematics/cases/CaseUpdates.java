package dev.telematics.cases;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optimistic update of a stored case that intake, workflow and SLA checks share: read, edit, write
 * with the read version, tell the {@link CaseListener} of the events the write added. Also finds a case
 * by number or id and validates actor names and reasons.
 *
 * <p>Thread-safe (the store is; this class keeps no state of its own). An engine change (no expected
 * version) that meets a concurrent change of the same case is re-read and re-applied to the fresh
 * version, a few times; a technician's change with an expected version older than the stored one is
 * refused with STALE_UPDATE (HTTP 409).
 */
public final class CaseUpdates {
    public static final String ENGINE_ACTOR = "engine";
    public static final int MAX_REASON_LENGTH = 2_000;
    static final int MAX_ATTEMPTS = 8;
    private static final int MAX_ACTOR_LENGTH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(CaseUpdates.class);

    private final CaseStore store;
    private final Clock clock;
    private final CaseListener listener;

    public CaseUpdates(CaseStore store, Clock clock, CaseListener listener) {
        this.store = store;
        this.clock = clock;
        this.listener = listener;
    }

    CaseStore store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    CaseListener listener() {
        return listener;
    }

    /**
     * Applies {@code edit} to the stored case. Without an expected version, a concurrent change makes it
     * re-read and re-apply (up to a few times); with one, a case changed since is refused (STALE_UPDATE).
     * An edit that returns null changes nothing (the result is then null).
     */
    DiagnosticCase change(long id, Long expectedVersion, UnaryOperator<DiagnosticCase> edit) {
        for (int attempt = 1; ; attempt++) {
            DiagnosticCase current = store.findById(id)
                    .orElseThrow(() -> new EngineException(ErrorCode.CASE_NOT_FOUND, "no case " + id));
            if (expectedVersion != null && current.version() != expectedVersion) {
                throw new EngineException(ErrorCode.STALE_UPDATE, "case " + current.number() + " has changed since "
                        + "version " + expectedVersion + " (now version " + current.version() + "); reload it and try again");
            }
            DiagnosticCase edited = edit.apply(current);
            if (edited == null) {
                return null;
            }
            try {
                return stored(current, store.update(edited));
            } catch (EngineException e) {
                if (e.code() != ErrorCode.STALE_UPDATE || expectedVersion != null || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    /** A short random pause before retrying a change that met a concurrent one (1-2^attempt ms). */
    static void backOff(int attempt) {
        long maxMillis = 1L << Math.min(attempt, 6);
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, maxMillis + 1) * 1_000_000L);
    }

    /** Tells the listener of the events a write added to a case; returns the stored case. */
    DiagnosticCase stored(DiagnosticCase before, DiagnosticCase after) {
        int from = Math.min(before.events().size(), after.events().size());
        if (from < after.events().size()) {
            List<CaseEvent> added = after.events().subList(from, after.events().size());
            tell(() -> listener.eventsAdded(after, added));
        }
        return after;
    }

    /** Calls the listener; a listener that throws is logged, never passed on to the change that told it. */
    void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("case listener failed", e);
        }
    }

    /** A case by numeric id ("42") or case number ("SC-000042"); CASE_NOT_FOUND otherwise. */
    DiagnosticCase get(String ref) {
        Optional<DiagnosticCase> c = CaseNumbers.parse(ref).flatMap(store::findById);
        if (c.isEmpty() && ref != null && !ref.isEmpty() && ref.length() < 19 && ref.chars().allMatch(Character::isDigit)) {
            c = store.findById(Long.parseLong(ref));
        }
        return c.orElseThrow(() -> new EngineException(ErrorCode.CASE_NOT_FOUND, "no case '" + ref + "'"));
    }

    /** The actor's name, trimmed ("technician" when none is given); INVALID_PARAMETER when too long. */
    static String actor(String name) {
        if (name == null || name.isBlank()) {
            return "technician";
        }
        if (name.length() > MAX_ACTOR_LENGTH) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER,
                    "actor name may have at most " + MAX_ACTOR_LENGTH + " characters");
        }
        return name.trim();
    }

    /** The reason, or null when blank; PAYLOAD_TOO_LARGE when too long. */
    static String reason(String why) {
        if (why != null && why.length() > MAX_REASON_LENGTH) {
            throw new EngineException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "a reason may have at most " + MAX_REASON_LENGTH + " characters, got " + why.length());
        }
        return why == null || why.isBlank() ? null : why;
    }
}

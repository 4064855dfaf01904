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
 * <p>Thread-safe (the store is; this class keeps no state of its own). Any change that meets a concurrent
 * write of the same case (the store's row version moved on) is re-read and re-applied to the fresh case, a
 * few times. Only the service center's edits bump the case's edit version ({@link DiagnosticCase#version()}),
 * so a technician's change with an expected version is refused with STALE_UPDATE (HTTP 409) only when
 * another edit of the service center came first, never because of the engine or the owner.
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
     * A service center's edit (a technician's or supervisor's): applies {@code edit} to the stored case and
     * bumps its edit version. With {@code expectedVersion}, a case whose edit version has changed since is
     * refused (STALE_UPDATE, 409); a concurrent engine or owner change (which leaves the edit version alone)
     * only makes it re-read and re-apply the edit, a few times. An edit that returns null changes nothing
     * (the result is then null).
     */
    DiagnosticCase change(long id, Long expectedVersion, UnaryOperator<DiagnosticCase> edit) {
        return apply(id, expectedVersion, edit, true);
    }

    /**
     * An engine or owner change (occurrence, SLA miss, owner acknowledgement, consent, warned mark, audit
     * event): applied to the stored case without bumping its edit version, re-read and re-applied when it
     * meets a concurrent change (a few times). An edit that returns null changes nothing (result null).
     */
    DiagnosticCase engineChange(long id, UnaryOperator<DiagnosticCase> edit) {
        return apply(id, null, edit, false);
    }

    private DiagnosticCase apply(long id, Long expectedVersion, UnaryOperator<DiagnosticCase> edit, boolean serviceEdit) {
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
                return stored(current, store.update(serviceEdit ? edited.withNextEditVersion() : edited));
            } catch (EngineException e) {
                // the row changed under us: an engine or owner change, or another edit (caught by the check above)
                if (e.code() != ErrorCode.STALE_UPDATE || attempt >= MAX_ATTEMPTS) {
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

package dev.telematics.cases;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The technicians' and owners' side of a case: reading cases, the workflow of {@link CaseStatus}
 * (acknowledge, transitions, booking with a work order), assignment, notes, SLA overrides, the owner's
 * acknowledgements and consent decisions, audited events of remote diagnostics, and the time the owner
 * was last warned. Every change but the last is an audited {@link CaseEvent}.
 *
 * <p>Thread-safe (the store is; the warnings under way and the acknowledgement counters are concurrent
 * maps and adders). Every change that meets a concurrent write of the same case is re-applied to the
 * fresh case. Only the service center's edits (transition, assign, SLA override, note) bump the case's
 * edit version ({@link DiagnosticCase#version()}); a technician's change naming an older edit version is
 * refused with STALE_UPDATE (HTTP 409). Owner and engine changes never make it stale.
 */
public final class CaseWorkflow {
    public static final int MAX_NOTE_LENGTH = 10_000;
    private static final String OWNER_ACTOR = "owner";
    private static final int MAX_CASES_PER_CAR = 100;
    static final int MAX_UNDER_WAY = 10_000;
    private final CaseUpdates updates;
    private final ServiceCenterConfig center;
    private final WorkOrders workOrders;
    /** Warnings being published, not yet recorded on their case: warning id -> case id. */
    private final Map<String, Long> underWay = new ConcurrentHashMap<>();
    private final Map<OwnerAck, LongAdder> ackCounts = new EnumMap<>(OwnerAck.class);

    public CaseWorkflow(CaseUpdates updates, ServiceCenterConfig center, WorkOrders workOrders) {
        this.updates = updates;
        this.center = center;
        this.workOrders = workOrders;
        for (OwnerAck a : OwnerAck.values()) {
            ackCounts.put(a, new LongAdder());
        }
    }

    /** The service center's technicians, SLA targets and settings. */
    public ServiceCenterConfig center() {
        return center;
    }

    /** A case by numeric id ("42") or case number ("SC-000042"); CASE_NOT_FOUND otherwise. */
    public DiagnosticCase get(String ref) {
        return updates.get(ref);
    }

    public List<DiagnosticCase> list(CaseQuery query) {
        return updates.store().list(query);
    }

    public Map<CaseStatus, Long> countByStatus() {
        return updates.store().countByStatus();
    }

    public Map<String, Long> activeCasesByAssignee() {
        return updates.store().activeCasesByAssignee();
    }

    public DiagnosticCase acknowledge(String ref, String actor) {
        return transition(ref, actor, CaseStatus.ACKNOWLEDGED, null, null);
    }

    /**
     * Moves a case to {@code to} if the workflow allows it (else INVALID_TRANSITION, 409). With
     * {@code expectedVersion}, the change is refused (STALE_UPDATE, 409) when the case has changed since
     * the caller read it. SERVICE_BOOKED writes the work order; CLOSED records the closing time.
     */
    public DiagnosticCase transition(String ref, String actor, CaseStatus to, String reason, Long expectedVersion) {
        String who = CaseUpdates.actor(actor);
        String why = CaseUpdates.reason(reason);
        long id = get(ref).id();
        return updates.change(id, expectedVersion, c -> {
            if (!c.status().canMoveTo(to)) {
                throw new EngineException(ErrorCode.INVALID_TRANSITION, "case " + c.number() + " is " + c.status()
                        + " and cannot become " + to + " (allowed: " + c.status().allowedNext() + ")");
            }
            Instant now = updates.clock().instant();
            DiagnosticCase next = c.withStatus(to, new CaseEvent(now, who, CaseEventType.STATUS_CHANGED, c.status(), to, why));
            CaseWork w = next.work();
            if (c.status() == CaseStatus.OPEN) {
                w = w.withoutBreach(CaseWork.ACKNOWLEDGE);
            }
            if (to.outcome()) {
                w = w.withoutBreach(CaseWork.OUTCOME);
            }
            if (to == CaseStatus.CLOSED) {
                w = w.withClosedAt(now);
            }
            if (to == CaseStatus.SERVICE_BOOKED) {
                w = w.withWorkOrder(workOrders.forCase(next, who, now));
            }
            return next.withWork(w, null);
        });
    }

    /** Gives a case to another technician (audited; unknown technician: TECHNICIAN_NOT_FOUND). */
    public DiagnosticCase assign(String ref, String actor, String technicianId, String reason, Long expectedVersion) {
        String who = CaseUpdates.actor(actor);
        String why = CaseUpdates.reason(reason);
        if (technicianId == null || technicianId.isBlank()) {
            throw new EngineException(ErrorCode.MISSING_FIELD, "assigning needs a 'technician'");
        }
        Technician t = center.technician(technicianId).orElseThrow(() -> new EngineException(
                ErrorCode.TECHNICIAN_NOT_FOUND, "no technician '" + technicianId + "' (known: "
                + center.technicians().stream().map(Technician::id).toList() + ")"));
        long id = get(ref).id();
        return updates.change(id, expectedVersion, c -> {
            if (!c.status().active()) {
                throw new EngineException(ErrorCode.INVALID_TRANSITION, "case " + c.number() + " is closed");
            }
            String from = c.work().assignee();
            String detail = (from == null ? "unassigned" : from) + " -> " + t.id() + (why == null ? "" : ": " + why)
                    + (t.has(c.work().skill()) ? "" : " (" + t.id() + " lacks the skill " + c.work().skill() + ")");
            return c.withWork(c.work().withAssignee(t.id()), new CaseEvent(updates.clock().instant(), who,
                    from == null ? CaseEventType.ASSIGNED : CaseEventType.REASSIGNED, c.status(), c.status(), detail));
        });
    }

    /**
     * The owner read warning {@code warningId} of case {@code caseNumber} in the owner app. Accepted only
     * for a warning sent to that car for that case ({@link #ownerWarned}, or one the broker is delivering
     * right now, {@link #warningUnderWay}) and not acknowledged yet: then an audited OWNER_ACKNOWLEDGED event
     * and the warning's {@link SentWarning#acknowledgedAt()}. A repeated acknowledgement changes nothing
     * ({@link OwnerAck#REPEATED}); anything else is refused (unknown case, another vehicle's case, unknown
     * warning) and changes nothing. Either way counted ({@link #ownerAcks()}). An owner change: it never
     * bumps the case's edit version. Store failures are thrown (EngineException, STORE_UNAVAILABLE).
     */
    public OwnerAck ownerAcknowledged(String caseNumber, String vin, String warningId) {
        OwnerAck result = acknowledgement(caseNumber, vin, warningId);
        ackCounts.get(result).increment();
        return result;
    }

    private OwnerAck acknowledgement(String caseNumber, String vin, String warningId) {
        DiagnosticCase found;
        try {
            found = get(caseNumber);
        } catch (EngineException e) {
            if (e.code().httpStatus() >= 500) { // the store failed: not the owner's doing
                throw e;
            }
            return OwnerAck.UNKNOWN_CASE;
        }
        if (!found.vin().equals(vin)) {
            return OwnerAck.OTHER_VEHICLES_CASE;
        }
        OwnerAck[] decided = {ackOf(found, warningId)};
        if (decided[0] != OwnerAck.ACCEPTED) {
            return decided[0];
        }
        updates.engineChange(found.id(), c -> {
            decided[0] = ackOf(c, warningId); // looked at again on the fresh case
            if (decided[0] != OwnerAck.ACCEPTED) {
                return null;
            }
            Instant now = updates.clock().instant();
            SentWarning sent = c.work().ownerWarning(warningId);
            SentWarning acked = (sent != null ? sent : new SentWarning(warningId, null, null)).acknowledged(now);
            return c.withWork(c.work().withOwnerWarning(acked), new CaseEvent(now, OWNER_ACTOR,
                    CaseEventType.OWNER_ACKNOWLEDGED, c.status(), c.status(),
                    "the owner read warning " + warningId + " in the owner app"));
        });
        return decided[0];
    }

    /** The answer to an acknowledgement of {@code warningId} on case {@code c} of the right vehicle. */
    private OwnerAck ackOf(DiagnosticCase c, String warningId) {
        SentWarning sent = c.work().ownerWarning(warningId);
        if (sent != null) {
            return sent.acknowledgedAt() != null ? OwnerAck.REPEATED : OwnerAck.ACCEPTED;
        }
        Long underWayFor = underWay.get(warningId);
        return underWayFor != null && underWayFor == c.id() ? OwnerAck.ACCEPTED : OwnerAck.UNKNOWN_WARNING;
    }

    /** Owner acknowledgements so far, by what became of them ({@link OwnerAck} names), for GET /api/stats. */
    public Map<String, Long> ownerAcks() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (OwnerAck a : OwnerAck.values()) {
            m.put(a.name(), ackCounts.get(a).sum());
        }
        return m;
    }

    /**
     * The owner granted or withdrew remote-diagnostic access: an audited CONSENT_GRANTED or
     * CONSENT_WITHDRAWN event on each active case of the car, so that its technician sees it.
     */
    public void consentChanged(String vin, boolean granted) {
        for (DiagnosticCase c : list(new CaseQuery(null, null, vin, null, true, null, null, 0, MAX_CASES_PER_CAR))) {
            updates.engineChange(c.id(), x -> x.withWork(x.work(), new CaseEvent(updates.clock().instant(),
                    OWNER_ACTOR, granted ? CaseEventType.CONSENT_GRANTED : CaseEventType.CONSENT_WITHDRAWN,
                    x.status(), x.status(), granted
                            ? "the owner granted remote-diagnostic access in the owner app"
                            : "the owner withdrew remote-diagnostic access in the owner app")));
        }
    }

    /**
     * Appends an audited event to a case without changing it otherwise: live-data views, remote commands
     * and their results, refused accesses. Not an edit of the case: its edit version stays.
     */
    public DiagnosticCase audit(String ref, String actor, CaseEventType type, String detail) {
        String who = CaseUpdates.actor(actor);
        long id = get(ref).id();
        return updates.engineChange(id, c -> c.withWork(c.work(), new CaseEvent(updates.clock().instant(), who, type,
                c.status(), c.status(), detail)));
    }

    /**
     * A supervisor sets the case's SLA targets by hand (e.g. the owner asked for a later workshop date):
     * missed targets are cleared and the change is audited (SLA_OVERRIDDEN) with its reason, which is
     * required. A null target keeps the current one.
     */
    public DiagnosticCase overrideSla(String ref, String actor, Instant acknowledgeBy, Instant outcomeBy, String reason,
                                      Long expectedVersion) {
        String who = CaseUpdates.actor(actor);
        String why = CaseUpdates.reason(reason);
        if (why == null) {
            throw new EngineException(ErrorCode.MISSING_FIELD, "overriding an SLA needs a 'reason'");
        }
        if (acknowledgeBy == null && outcomeBy == null) {
            throw new EngineException(ErrorCode.MISSING_FIELD, "give 'acknowledgeBy' and/or 'outcomeBy' (ISO-8601 instants)");
        }
        long id = get(ref).id();
        return updates.change(id, expectedVersion, c -> {
            if (!c.status().active()) {
                throw new EngineException(ErrorCode.INVALID_TRANSITION, "case " + c.number() + " is closed");
            }
            CaseWork w = c.work();
            Instant ack = acknowledgeBy != null ? acknowledgeBy : w.acknowledgeBy();
            Instant out = outcomeBy != null ? outcomeBy : w.outcomeBy();
            String detail = "acknowledge by " + ack + ", outcome by " + out + " (was " + w.acknowledgeBy() + ", "
                    + w.outcomeBy() + "): " + why;
            return c.withWork(w.withSla(ack, out), new CaseEvent(updates.clock().instant(), who,
                    CaseEventType.SLA_OVERRIDDEN, c.status(), c.status(), detail));
        });
    }

    public DiagnosticCase addNote(String ref, String author, String text) {
        return addNote(ref, author, text, null);
    }

    /** A technician's note (audited NOTE_ADDED); MISSING_FIELD when blank, PAYLOAD_TOO_LARGE when too long. */
    public DiagnosticCase addNote(String ref, String author, String text, Long expectedVersion) {
        if (text == null || text.isBlank()) {
            throw new EngineException(ErrorCode.MISSING_FIELD, "a note needs a non-empty 'text'");
        }
        if (text.length() > MAX_NOTE_LENGTH) {
            throw new EngineException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "a note may have at most " + MAX_NOTE_LENGTH + " characters, got " + text.length());
        }
        String who = CaseUpdates.actor(author);
        long id = get(ref).id();
        return updates.change(id, expectedVersion, c -> {
            Instant now = updates.clock().instant();
            return c.withNote(new CaseNote(now, who, text),
                    new CaseEvent(now, who, CaseEventType.NOTE_ADDED, c.status(), c.status(), null));
        });
    }

    /**
     * Delivery is about to publish warning {@code warningId} of case {@code caseId}: until the broker's
     * confirmation is recorded ({@link #ownerWarned}) or delivery gives up ({@link #warningNotSent}), an
     * owner app that got it and acknowledges it at once is not refused. Kept in memory only (at most
     * {@value #MAX_UNDER_WAY} warnings; more are not tracked until some are recorded).
     */
    public void warningUnderWay(long caseId, String warningId) {
        if (underWay.size() < MAX_UNDER_WAY) {
            underWay.put(warningId, caseId);
        }
    }

    /** Delivery gave up on warning {@code warningId} of case {@code caseId}: it was never sent. */
    public void warningNotSent(long caseId, String warningId) {
        underWay.remove(warningId, caseId);
    }

    /**
     * The broker accepted warning {@code warningId} to the owner of case {@code caseId} at {@code at}:
     * recorded among the case's {@link CaseWork#ownerWarnings()} (so that the owner may acknowledge it) and
     * as {@link CaseWork#ownerWarnedAt()}, from which the notifier counts the reminder period; an older time
     * than the recorded one does not move that back. An engine change (re-applied on a concurrent change,
     * not audited, the edit version unchanged); recording the same warning again changes nothing. Returns
     * the case as stored; CASE_NOT_FOUND when there is no such case.
     */
    public DiagnosticCase ownerWarned(long caseId, String warningId, Instant at) {
        DiagnosticCase stored = updates.engineChange(caseId, c -> {
            SentWarning known = c.work().ownerWarning(warningId);
            boolean recorded = known != null && known.sentAt() != null;
            Instant last = c.work().ownerWarnedAt();
            boolean later = last == null || last.isBefore(at);
            if (recorded && !later) {
                return null;
            }
            CaseWork w = c.work();
            if (!recorded) {
                w = w.withOwnerWarning(known != null ? known.sent(at) : new SentWarning(warningId, at, null));
            }
            return c.withWork(later ? w.withOwnerWarnedAt(at) : w, null);
        });
        underWay.remove(warningId, caseId);
        return stored != null ? stored : updates.store().findById(caseId)
                .orElseThrow(() -> new EngineException(ErrorCode.CASE_NOT_FOUND, "no case " + caseId));
    }
}

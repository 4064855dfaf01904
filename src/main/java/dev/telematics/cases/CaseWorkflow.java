package dev.telematics.cases;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The technicians' and owners' side of a case: reading cases, the workflow of {@link CaseStatus}
 * (acknowledge, transitions, booking with a work order), assignment, notes, SLA overrides, the owner's
 * acknowledgements and consent decisions, audited events of remote diagnostics, and the time the owner
 * was last warned. Every change but the last is an audited {@link CaseEvent}.
 *
 * <p>Thread-safe (the store is). Engine and owner changes (no expected version) that meet a concurrent
 * change of the same case are re-applied to the fresh version; a technician's change with an expected
 * version older than the stored one is refused with STALE_UPDATE (HTTP 409).
 */
public final class CaseWorkflow {
    public static final int MAX_NOTE_LENGTH = 10_000;
    private static final String OWNER_ACTOR = "owner";
    private static final int MAX_CASES_PER_CAR = 100;
    private final CaseUpdates updates;
    private final ServiceCenterConfig center;
    private final WorkOrders workOrders;

    public CaseWorkflow(CaseUpdates updates, ServiceCenterConfig center, WorkOrders workOrders) {
        this.updates = updates;
        this.center = center;
        this.workOrders = workOrders;
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
     * The owner read a warning of the case in the owner app: an audited OWNER_ACKNOWLEDGED event. The case
     * must belong to {@code vin} (an owner speaks only for their own car), else INVALID_PARAMETER.
     */
    public DiagnosticCase ownerAcknowledged(String caseNumber, String vin, String warningId) {
        DiagnosticCase found = get(caseNumber);
        if (!found.vin().equals(vin)) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "case " + caseNumber + " is not a case of " + vin);
        }
        String detail = "the owner read warning " + warningId + " in the owner app";
        if (found.events().stream().anyMatch(e -> e.type() == CaseEventType.OWNER_ACKNOWLEDGED
                && detail.equals(e.detail()))) {
            return found; // already recorded: an owner app may send its acknowledgement again
        }
        return updates.change(found.id(), null, c -> c.withWork(c.work(), new CaseEvent(updates.clock().instant(),
                OWNER_ACTOR, CaseEventType.OWNER_ACKNOWLEDGED, c.status(), c.status(), detail)));
    }

    /**
     * The owner granted or withdrew remote-diagnostic access: an audited CONSENT_GRANTED or
     * CONSENT_WITHDRAWN event on each active case of the car, so that its technician sees it.
     */
    public void consentChanged(String vin, boolean granted) {
        for (DiagnosticCase c : list(new CaseQuery(null, null, vin, null, true, null, null, 0, MAX_CASES_PER_CAR))) {
            updates.change(c.id(), null, x -> x.withWork(x.work(), new CaseEvent(updates.clock().instant(),
                    OWNER_ACTOR, granted ? CaseEventType.CONSENT_GRANTED : CaseEventType.CONSENT_WITHDRAWN,
                    x.status(), x.status(), granted
                            ? "the owner granted remote-diagnostic access in the owner app"
                            : "the owner withdrew remote-diagnostic access in the owner app")));
        }
    }

    /**
     * Appends an audited event to a case without changing it otherwise: live-data views, remote commands
     * and their results, refused accesses.
     */
    public DiagnosticCase audit(String ref, String actor, CaseEventType type, String detail) {
        String who = CaseUpdates.actor(actor);
        long id = get(ref).id();
        return updates.change(id, null, c -> c.withWork(c.work(), new CaseEvent(updates.clock().instant(), who, type,
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
     * The broker accepted a warning to the owner of case {@code caseId} at {@code at}: recorded as the
     * case's {@link CaseWork#ownerWarnedAt()}, from which the notifier counts the reminder period. An
     * engine change (re-applied on a concurrent change, not audited); an older time than the recorded one
     * changes nothing. Returns the case as stored; CASE_NOT_FOUND when there is no such case.
     */
    public DiagnosticCase ownerWarned(long caseId, Instant at) {
        DiagnosticCase stored = updates.change(caseId, null, c -> {
            Instant last = c.work().ownerWarnedAt();
            return last != null && !last.isBefore(at) ? null : c.withWork(c.work().withOwnerWarnedAt(at), null);
        });
        return stored != null ? stored : updates.store().findById(caseId)
                .orElseThrow(() -> new EngineException(ErrorCode.CASE_NOT_FOUND, "no case " + caseId));
    }
}

package dev.telematics.cases;

import dev.telematics.dtc.KnowledgeEntry;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.rules.RuleFiring;
import dev.telematics.rules.RuleMeta;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service center's case logic: opens a case for a firing rule (or adds to the active one, or reopens
 * a recently closed one), offers it to a technician with the needed skill, holds it to its SLA targets,
 * and carries out the technicians' actions through the workflow of {@link CaseStatus}. Every change is an
 * audited {@link CaseEvent}. Thread-safe (the store is); engine changes that meet a concurrent change of
 * the same case are re-applied to the fresh version, while a technician's change based on an older
 * version than the stored one is refused (STALE_UPDATE, HTTP 409).
 */
public final class CaseService {
    public static final int MAX_NOTE_LENGTH = 10_000;
    public static final int MAX_REASON_LENGTH = 2_000;
    public static final String ENGINE_ACTOR = "engine";
    public static final int AUDITED_RECURRENCES = 20;
    private static final int MAX_ATTEMPTS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(CaseService.class);

    private final CaseStore store;
    private final Clock clock;
    private final CaseListener listener;
    private final ServiceCenterConfig center;

    public CaseService(CaseStore store, Clock clock, CaseListener listener) {
        this(store, clock, listener, ServiceCenterConfig.defaults());
    }

    public CaseService(CaseStore store, Clock clock, CaseListener listener, ServiceCenterConfig center) {
        this.store = store;
        this.clock = clock;
        this.listener = listener;
        this.center = center;
    }

    public ServiceCenterConfig center() {
        return center;
    }

    /**
     * Opens a case for the firing's vehicle and problem, records one more occurrence on the active one, or
     * reopens the problem's case closed less than {@code reopenWithin} ago; a firing more severe than the
     * case escalates it. Only the first {@value #AUDITED_RECURRENCES} recurrences are written to the audit
     * trail; later ones only count.
     */
    public CaseOutcome recordFiring(RuleFiring firing, Evidence evidence) {
        RuleMeta rule = firing.rule();
        String vin = firing.vin().value();
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            try {
                Optional<DiagnosticCase> active = store.findActive(vin, rule.problem());
                if (active.isEmpty()) {
                    Optional<DiagnosticCase> closed = store.findLatest(vin, rule.problem())
                            .filter(c -> !c.status().active() && c.work().closedAt() != null
                                    && !c.work().closedAt().plus(center.reopenWithin()).isBefore(now));
                    if (closed.isPresent()) {
                        DiagnosticCase c = stored(closed.get(), store.update(reopen(closed.get(), rule, evidence, now)));
                        tell(() -> listener.opened(c));
                        return new CaseOutcome(c, true, false);
                    }
                    return create(rule, vin, evidence, now);
                }
                DiagnosticCase current = active.get();
                int n = current.occurrences() + 1;
                CaseEvent recurred = n <= AUDITED_RECURRENCES + 1 ? new CaseEvent(now, ENGINE_ACTOR, "RECURRED",
                        current.status(), current.status(), "rule " + rule.id() + " fired again (occurrence " + n + ")")
                        : null;
                DiagnosticCase next = current.withOccurrence(now, evidence, recurred);
                boolean escalate = rule.severity().compareTo(current.severity()) < 0;
                if (escalate) {
                    next = next.withEscalation(rule.severity(), rule.id(), rule.owner().title(),
                            new CaseEvent(now, ENGINE_ACTOR, "ESCALATED", current.status(), current.status(),
                                    "severity " + current.severity().label() + " -> " + rule.severity().label()
                                            + " by rule " + rule.id()));
                    next = next.withWork(slaFrom(next.work(), next, current.work().slaStart() != null
                            ? current.work().slaStart() : current.openedAt()), null);
                }
                DiagnosticCase stored = stored(current, store.update(next));
                tell(() -> listener.recurred(stored));
                return new CaseOutcome(stored, false, escalate);
            } catch (EngineException e) {
                // a technician changed or closed the case meanwhile, or another firing created it: look again
                if (e.code() != ErrorCode.STALE_UPDATE || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    private CaseOutcome create(RuleMeta rule, String vin, Evidence evidence, Instant now) {
        String skill = skillFor(rule.problem(), evidence);
        CaseEvent opened = new CaseEvent(now, ENGINE_ACTOR, "OPENED", null, CaseStatus.OPEN, "rule " + rule.id() + " fired");
        SlaTarget sla = center.sla().get(rule.severity());
        Optional<Technician> pick = pickTechnician(skill);
        CaseWork work = new CaseWork(pick.map(Technician::id).orElse(null), skill, now.plus(sla.acknowledge()),
                now.plus(sla.outcome()), List.of(), null, null, now, now);
        // the assignment is written with the case, in one transaction
        List<CaseEvent> assigned = pick.map(t -> List.of(assignedEvent(now, t, skill))).orElse(List.of());
        DiagnosticCase c = store.create(new NewCase(vin, rule.problem(), rule.id(), rule.severity(),
                rule.owner().title(), rule.description(), now, evidence, opened, work, assigned));
        tell(() -> listener.eventsAdded(c, c.events()));
        tell(() -> listener.opened(c));
        return new CaseOutcome(c, true, false);
    }

    private static CaseEvent assignedEvent(Instant now, Technician t, String skill) {
        return new CaseEvent(now, ENGINE_ACTOR, "ASSIGNED", CaseStatus.OPEN, CaseStatus.OPEN, "offered to " + t.id()
                + " (skill " + (skill == null ? "any" : skill) + ", fewest active cases)");
    }

    private DiagnosticCase reopen(DiagnosticCase c, RuleMeta rule, Evidence evidence, Instant now) {
        DiagnosticCase next = c.withOccurrence(now, evidence, null)
                .withStatus(CaseStatus.OPEN, new CaseEvent(now, ENGINE_ACTOR, "REOPENED", c.status(), CaseStatus.OPEN,
                        "rule " + rule.id() + " fired again " + java.time.Duration.between(c.work().closedAt(), now)
                                .toMinutes() + " min after the case was closed"));
        if (rule.severity().compareTo(c.severity()) < 0) {
            next = next.withEscalation(rule.severity(), rule.id(), rule.owner().title(), new CaseEvent(now, ENGINE_ACTOR,
                    "ESCALATED", CaseStatus.OPEN, CaseStatus.OPEN, "severity " + c.severity().label() + " -> "
                    + rule.severity().label() + " by rule " + rule.id()));
        }
        SlaTarget sla = center.sla().get(next.severity());
        String assignee = c.work().assignee();
        CaseEvent offered = null;
        if (assignee == null || center.technician(assignee).isEmpty()) { // nobody, or no longer on the roster
            Optional<Technician> pick = pickTechnician(c.work().skill());
            assignee = pick.map(Technician::id).orElse(null);
            offered = pick.map(t -> assignedEvent(now, t, c.work().skill())).orElse(null);
        }
        CaseWork work = new CaseWork(assignee, c.work().skill(), now.plus(sla.acknowledge()), now.plus(sla.outcome()),
                List.of(), null, c.work().workOrder(), now, now);
        return next.withWork(work, offered);
    }

    /** The technician with the skill who has the fewest active cases (the first listed on a tie), if any. */
    private Optional<Technician> pickTechnician(String skill) {
        Map<String, Long> load = store.activeCasesByAssignee();
        Technician best = null;
        long bestLoad = Long.MAX_VALUE;
        for (Technician t : center.technicians()) {
            long l = load.getOrDefault(t.id(), 0L);
            if (t.has(skill) && l < bestLoad) {
                best = t;
                bestLoad = l;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The skill a case needs: the knowledge base's for the DTC that fired, else the configured one for the problem. */
    private String skillFor(String problem, Evidence evidence) {
        return evidence.diagnosis().stream().map(KnowledgeEntry::skill).filter(java.util.Objects::nonNull).findFirst()
                .orElseGet(() -> center.skillForProblem(problem));
    }

    private CaseWork slaFrom(CaseWork w, DiagnosticCase c, Instant openedAt) {
        SlaTarget sla = center.sla().get(c.severity());
        Instant ack = openedAt.plus(sla.acknowledge());
        Instant out = openedAt.plus(sla.outcome());
        // a tighter target after an escalation; never a looser one
        return new CaseWork(w.assignee(), w.skill(), min(ack, w.acknowledgeBy()), min(out, w.outcomeBy()),
                w.slaBreaches(), w.closedAt(), w.workOrder(), w.slaStart(), w.ownerWarnedAt());
    }

    private static Instant min(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }

    /** A case by numeric id ("42") or case number ("SC-000042"). */
    public DiagnosticCase get(String ref) {
        Optional<DiagnosticCase> c = CaseNumbers.parse(ref).flatMap(store::findById);
        if (c.isEmpty() && ref != null && !ref.isEmpty() && ref.length() < 19 && ref.chars().allMatch(Character::isDigit)) {
            c = store.findById(Long.parseLong(ref));
        }
        return c.orElseThrow(() -> new EngineException(ErrorCode.CASE_NOT_FOUND, "no case '" + ref + "'"));
    }

    public List<DiagnosticCase> list(CaseQuery query) {
        return store.list(query);
    }

    public Map<CaseStatus, Long> countByStatus() {
        return store.countByStatus();
    }

    public Map<String, Long> activeCasesByAssignee() {
        return store.activeCasesByAssignee();
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
        String who = actor(actor);
        String why = reason(reason);
        long id = get(ref).id();
        return change(id, expectedVersion, c -> {
            if (!c.status().canMoveTo(to)) {
                throw new EngineException(ErrorCode.INVALID_TRANSITION, "case " + c.number() + " is " + c.status()
                        + " and cannot become " + to + " (allowed: " + c.status().allowedNext() + ")");
            }
            Instant now = clock.instant();
            DiagnosticCase next = c.withStatus(to, new CaseEvent(now, who, "STATUS_CHANGED", c.status(), to, why));
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
                w = w.withWorkOrder(workOrder(next, who, now));
            }
            return next.withWork(w, null);
        });
    }

    /** Gives a case to another technician (audited; unknown technician: TECHNICIAN_NOT_FOUND). */
    public DiagnosticCase assign(String ref, String actor, String technicianId, String reason, Long expectedVersion) {
        String who = actor(actor);
        String why = reason(reason);
        if (technicianId == null || technicianId.isBlank()) {
            throw new EngineException(ErrorCode.MISSING_FIELD, "assigning needs a 'technician'");
        }
        Technician t = center.technician(technicianId).orElseThrow(() -> new EngineException(
                ErrorCode.TECHNICIAN_NOT_FOUND, "no technician '" + technicianId + "' (known: "
                + center.technicians().stream().map(Technician::id).toList() + ")"));
        long id = get(ref).id();
        return change(id, expectedVersion, c -> {
            if (!c.status().active()) {
                throw new EngineException(ErrorCode.INVALID_TRANSITION, "case " + c.number() + " is closed");
            }
            String from = c.work().assignee();
            String detail = (from == null ? "unassigned" : from) + " -> " + t.id() + (why == null ? "" : ": " + why)
                    + (t.has(c.work().skill()) ? "" : " (" + t.id() + " lacks the skill " + c.work().skill() + ")");
            return c.withWork(c.work().withAssignee(t.id()), new CaseEvent(clock.instant(), who,
                    from == null ? "ASSIGNED" : "REASSIGNED", c.status(), c.status(), detail));
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
        if (found.events().stream().anyMatch(e -> e.type().equals("OWNER_ACKNOWLEDGED") && detail.equals(e.detail()))) {
            return found; // already recorded: an owner app may send its acknowledgement again
        }
        return change(found.id(), null, c -> c.withWork(c.work(), new CaseEvent(clock.instant(), "owner",
                "OWNER_ACKNOWLEDGED", c.status(), c.status(), detail)));
    }

    /** The broker took an owner warning of this case at {@code at}: the reminder clock starts from there. */
    public DiagnosticCase ownerWarned(long caseId, Instant at) {
        return change(caseId, null, c -> c.withWork(c.work().withOwnerWarnedAt(at), null));
    }

    /**
     * The owner granted or withdrew remote-diagnostic access: an audited CONSENT_GRANTED or
     * CONSENT_WITHDRAWN event on each active case of the car, so that its technician sees it.
     */
    public void consentChanged(String vin, boolean granted) {
        for (DiagnosticCase c : store.list(new CaseQuery(null, null, vin, null, true, null, null, 0, 100))) {
            change(c.id(), null, x -> x.withWork(x.work(), new CaseEvent(clock.instant(), "owner",
                    granted ? "CONSENT_GRANTED" : "CONSENT_WITHDRAWN", x.status(), x.status(), granted
                            ? "the owner granted remote-diagnostic access in the owner app"
                            : "the owner withdrew remote-diagnostic access in the owner app")));
        }
    }

    /**
     * Appends an audited event to a case without changing it otherwise: live-data views, remote commands
     * and their results, refused accesses.
     */
    public DiagnosticCase audit(String ref, String actor, String type, String detail) {
        String who = actor(actor);
        long id = get(ref).id();
        return change(id, null, c -> c.withWork(c.work(), new CaseEvent(clock.instant(), who, type, c.status(),
                c.status(), detail)));
    }

    /**
     * A supervisor sets the case's SLA targets by hand (e.g. the owner asked for a later workshop date):
     * missed targets are cleared and the change is audited (SLA_OVERRIDDEN) with its reason, which is
     * required. A null target keeps the current one.
     */
    public DiagnosticCase overrideSla(String ref, String actor, Instant acknowledgeBy, Instant outcomeBy, String reason,
                                      Long expectedVersion) {
        String who = actor(actor);
        String why = reason(reason);
        if (why == null) {
            throw new EngineException(ErrorCode.MISSING_FIELD, "overriding an SLA needs a 'reason'");
        }
        if (acknowledgeBy == null && outcomeBy == null) {
            throw new EngineException(ErrorCode.MISSING_FIELD, "give 'acknowledgeBy' and/or 'outcomeBy' (ISO-8601 instants)");
        }
        long id = get(ref).id();
        return change(id, expectedVersion, c -> {
            if (!c.status().active()) {
                throw new EngineException(ErrorCode.INVALID_TRANSITION, "case " + c.number() + " is closed");
            }
            CaseWork w = c.work();
            Instant ack = acknowledgeBy != null ? acknowledgeBy : w.acknowledgeBy();
            Instant out = outcomeBy != null ? outcomeBy : w.outcomeBy();
            String detail = "acknowledge by " + ack + ", outcome by " + out + " (was " + w.acknowledgeBy() + ", "
                    + w.outcomeBy() + "): " + why;
            return c.withWork(w.withSla(ack, out), new CaseEvent(clock.instant(), who, "SLA_OVERRIDDEN", c.status(),
                    c.status(), detail));
        });
    }

    public DiagnosticCase addNote(String ref, String author, String text) {
        return addNote(ref, author, text, null);
    }

    public DiagnosticCase addNote(String ref, String author, String text, Long expectedVersion) {
        if (text == null || text.isBlank()) {
            throw new EngineException(ErrorCode.MISSING_FIELD, "a note needs a non-empty 'text'");
        }
        if (text.length() > MAX_NOTE_LENGTH) {
            throw new EngineException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "a note may have at most " + MAX_NOTE_LENGTH + " characters, got " + text.length());
        }
        String who = actor(author);
        long id = get(ref).id();
        return change(id, expectedVersion, c -> {
            Instant now = clock.instant();
            return c.withNote(new CaseNote(now, who, text),
                    new CaseEvent(now, who, "NOTE_ADDED", c.status(), c.status(), null));
        });
    }

    /**
     * Flags every active case whose next SLA target has passed (SLA_MISSED event, {@code overdue}) and
     * tells the listener. Called by the {@link SlaMonitor}; returns how many cases it flagged.
     */
    public int checkSla() {
        Instant now = clock.instant();
        int flagged = 0;
        for (DiagnosticCase due : store.slaDueBefore(now, 500)) {
            try {
                DiagnosticCase stored = change(due.id(), null, c -> {
                    String target = c.slaTarget();
                    if (target == null || c.slaDueAt() == null || !c.slaDueAt().isBefore(now) || c.work().overdue()) {
                        return null; // moved on meanwhile
                    }
                    return c.withWork(c.work().withBreach(target), new CaseEvent(now, ENGINE_ACTOR, "SLA_MISSED",
                            c.status(), c.status(), (target.equals(CaseWork.ACKNOWLEDGE) ? "not acknowledged" : "no outcome")
                            + " by " + c.slaDueAt() + " (" + c.severity().label() + " target); escalated to the supervisor"));
                });
                if (stored != null) {
                    flagged++;
                    tell(() -> listener.overdue(stored));
                }
            } catch (EngineException e) {
                LOG.warn("SLA check of case {} failed: {}", due.number(), e.getMessage());
            }
        }
        return flagged;
    }

    private WorkOrder workOrder(DiagnosticCase c, String who, Instant now) {
        Evidence e = c.latestEvidence();
        List<KnowledgeEntry> kb = e.diagnosis().isEmpty() ? c.evidence().diagnosis() : e.diagnosis();
        Set<String> parts = new LinkedHashSet<>();
        Set<String> labour = new LinkedHashSet<>();
        Set<String> causes = new LinkedHashSet<>();
        for (KnowledgeEntry k : kb) {
            parts.addAll(k.parts());
            causes.addAll(k.causes());
            k.remoteChecks().forEach(r -> labour.add("confirm in the workshop: " + r));
        }
        String skill = c.work().skill();
        labour.add("diagnose and repair " + c.problem() + (skill == null ? "" : " (" + skill + " technician)"));
        return new WorkOrder(WorkOrder.numberFor(c.id()), now, who, c.number(), c.vin(), c.problem(), skill,
                new ArrayList<>(parts), new ArrayList<>(labour), new ArrayList<>(causes), e.trigger(), e.dtcs(), c.notes());
    }

    /**
     * Applies {@code edit} to the stored case. Without an expected version, a concurrent change makes it
     * re-read and re-apply (up to a few times); with one, a case changed since is refused. An edit that
     * returns null changes nothing (the result is then null).
     */
    private DiagnosticCase change(long id, Long expectedVersion, UnaryOperator<DiagnosticCase> edit) {
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
    private static void backOff(int attempt) {
        long maxMillis = 1L << Math.min(attempt, 6);
        java.util.concurrent.locks.LockSupport.parkNanos(
                java.util.concurrent.ThreadLocalRandom.current().nextLong(1, maxMillis + 1) * 1_000_000L);
    }

    /** Tells the listener of the events a write added to a case; returns the stored case. */
    private DiagnosticCase stored(DiagnosticCase before, DiagnosticCase after) {
        int from = Math.min(before.events().size(), after.events().size());
        if (from < after.events().size()) {
            List<CaseEvent> added = after.events().subList(from, after.events().size());
            tell(() -> listener.eventsAdded(after, added));
        }
        return after;
    }

    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("case listener failed", e);
        }
    }

    private static String actor(String name) {
        if (name == null || name.isBlank()) {
            return "technician";
        }
        if (name.length() > 100) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "actor name may have at most 100 characters");
        }
        return name.trim();
    }

    private static String reason(String why) {
        if (why != null && why.length() > MAX_REASON_LENGTH) {
            throw new EngineException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "a reason may have at most " + MAX_REASON_LENGTH + " characters, got " + why.length());
        }
        return why == null || why.isBlank() ? null : why;
    }
}

package dev.telematics.cases;

import dev.telematics.dtc.KnowledgeEntry;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.rules.RuleFiring;
import dev.telematics.rules.RuleMeta;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns rule firings into cases: opens a case for the firing's vehicle and problem, offers it to the
 * technician with the needed skill and the fewest active cases, records a recurrence on the active case
 * (escalating it when the firing is more severe), or reopens the problem's recently closed case. It never
 * decides whether the owner is warned or reminded (the notifier does) and never writes
 * {@link CaseWork#ownerWarnedAt()}.
 *
 * <p>Thread-safe (the store is). A firing that meets a concurrent change of the case (a technician's
 * edit, another firing creating it) is looked at again and re-applied to the fresh state.
 */
public final class CaseIntake {
    public static final int AUDITED_RECURRENCES = 20;
    private final CaseUpdates updates;
    private final CaseStore store;
    private final ServiceCenterConfig center;

    public CaseIntake(CaseUpdates updates, ServiceCenterConfig center) {
        this.updates = updates;
        this.store = updates.store();
        this.center = center;
    }

    /**
     * Opens a case for the firing's vehicle and problem, records one more occurrence on the active one, or
     * reopens the problem's case closed less than {@code reopenWithin} ago; a firing more severe than the
     * case escalates it. Only the first {@value #AUDITED_RECURRENCES} recurrences are written to the audit
     * trail; later ones only count. A case holds two evidences, never a growing list: the first and the
     * latest; a recurrence whose evidence has the same content as the latest keeps the latest as it is.
     */
    public CaseOutcome recordFiring(RuleFiring firing, Evidence evidence) {
        RuleMeta rule = firing.rule();
        String vin = firing.vin().value();
        for (int attempt = 1; ; attempt++) {
            Instant now = updates.clock().instant();
            try {
                Optional<DiagnosticCase> active = store.findActive(vin, rule.problem());
                if (active.isEmpty()) {
                    Optional<DiagnosticCase> closed = store.findLatest(vin, rule.problem())
                            .filter(c -> !c.status().active() && c.work().closedAt() != null
                                    && !c.work().closedAt().plus(center.reopenWithin()).isBefore(now));
                    if (closed.isPresent()) {
                        DiagnosticCase c = updates.stored(closed.get(),
                                store.update(reopen(closed.get(), rule, evidence, now)));
                        updates.tell(() -> updates.listener().opened(c));
                        return new CaseOutcome(c, true, false);
                    }
                    return create(rule, vin, evidence, now);
                }
                if (replayOf(active.get(), rule, evidence)) {
                    return new CaseOutcome(active.get(), false, false, true);
                }
                return recur(active.get(), rule, evidence, now);
            } catch (EngineException e) {
                // a technician changed or closed the case meanwhile, or another firing created it: look again
                if (e.code() != ErrorCode.STALE_UPDATE || attempt >= CaseUpdates.MAX_ATTEMPTS) {
                    throw e;
                }
                CaseUpdates.backOff(attempt);
            }
        }
    }

    /**
     * Whether the firing is one the case already holds: the same firing as its latest evidence (same car time,
     * same trigger values, which include the message's sequence number), or an older car time of the rule that
     * holds the case. Rules are deterministic, so a message processed a second time (cluster mode: the messages
     * after a failed node's last checkpoint are processed again on the node that takes its partitions) fires
     * exactly as the first time; in the single node a car's firings never go back in time.
     */
    static boolean replayOf(DiagnosticCase c, RuleMeta rule, Evidence evidence) {
        Evidence latest = c.latestEvidence() != null ? c.latestEvidence() : c.evidence();
        if (latest == null) {
            return false;
        }
        if (latest.vehicleTime().equals(evidence.vehicleTime()) && evidence.sameContentAs(latest)
                && sameNumber(latest.trigger().get("seq"), evidence.trigger().get("seq"))) {
            return true;
        }
        return evidence.vehicleTime().isBefore(latest.vehicleTime()) && rule.id().equals(c.ruleId());
    }

    /** Equal numbers whatever their boxed type (a stored case reads a small long back as an Integer), or both absent. */
    private static boolean sameNumber(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.longValue() == y.longValue();
        }
        return Objects.equals(a, b);
    }

    /** One more occurrence on the active case, escalating it when the rule is more severe. */
    private CaseOutcome recur(DiagnosticCase current, RuleMeta rule, Evidence evidence, Instant now) {
        int n = current.occurrences() + 1;
        CaseEvent recurred = n <= AUDITED_RECURRENCES + 1 ? new CaseEvent(now, CaseUpdates.ENGINE_ACTOR,
                CaseEventType.RECURRED, current.status(), current.status(),
                "rule " + rule.id() + " fired again (occurrence " + n + ")") : null;
        // unchanged evidence is not copied again: only the occurrence count and the time last seen change
        Evidence latest = evidence.sameContentAs(current.latestEvidence()) ? current.latestEvidence() : evidence;
        DiagnosticCase next = current.withOccurrence(now, latest, recurred);
        boolean escalate = rule.severity().compareTo(current.severity()) < 0;
        if (escalate) {
            next = next.withEscalation(rule.severity(), rule.id(), rule.owner().title(),
                    escalated(now, current, current.status(), rule));
            next = next.withWork(slaFrom(next.work(), next, current.work().slaStart() != null
                    ? current.work().slaStart() : current.openedAt()), null);
        }
        DiagnosticCase stored = updates.stored(current, store.update(next));
        updates.tell(() -> updates.listener().recurred(stored));
        return new CaseOutcome(stored, false, escalate);
    }

    private static CaseEvent escalated(Instant now, DiagnosticCase c, CaseStatus status, RuleMeta rule) {
        return new CaseEvent(now, CaseUpdates.ENGINE_ACTOR, CaseEventType.ESCALATED, status, status,
                "severity " + c.severity().label() + " -> " + rule.severity().label() + " by rule " + rule.id());
    }

    /** A new case, offered to a technician in the same transaction. */
    private CaseOutcome create(RuleMeta rule, String vin, Evidence evidence, Instant now) {
        String skill = skillFor(rule.problem(), evidence);
        CaseEvent opened = new CaseEvent(now, CaseUpdates.ENGINE_ACTOR, CaseEventType.OPENED, null, CaseStatus.OPEN,
                "rule " + rule.id() + " fired");
        Optional<Technician> pick = pickTechnician(skill);
        CaseWork work = new CaseWork(pick.map(Technician::id).orElse(null), skill,
                center.acknowledgeBy(rule.severity(), now), center.outcomeBy(rule.severity(), now), List.of(), null, null, now, null, List.of());
        // the assignment is written with the case, in one transaction
        List<CaseEvent> assigned = pick.map(t -> List.of(assignedEvent(now, t, skill))).orElse(List.of());
        DiagnosticCase c = store.create(new NewCase(vin, rule.problem(), rule.id(), rule.severity(),
                rule.owner().title(), rule.description(), now, evidence, opened, work, assigned));
        updates.tell(() -> updates.listener().eventsAdded(c, c.events()));
        updates.tell(() -> updates.listener().opened(c));
        return new CaseOutcome(c, true, false);
    }

    private static CaseEvent assignedEvent(Instant now, Technician t, String skill) {
        return new CaseEvent(now, CaseUpdates.ENGINE_ACTOR, CaseEventType.ASSIGNED, CaseStatus.OPEN, CaseStatus.OPEN,
                "offered to " + t.id() + " (skill " + (skill == null ? "any" : skill) + ", fewest active cases)");
    }

    /** The closed case open again, with fresh SLA targets and a technician still on the roster. */
    private DiagnosticCase reopen(DiagnosticCase c, RuleMeta rule, Evidence evidence, Instant now) {
        DiagnosticCase next = c.withOccurrence(now, evidence, null)
                .withStatus(CaseStatus.OPEN, new CaseEvent(now, CaseUpdates.ENGINE_ACTOR, CaseEventType.REOPENED,
                        c.status(), CaseStatus.OPEN, "rule " + rule.id() + " fired again "
                        + Duration.between(c.work().closedAt(), now).toMinutes() + " min after the case was closed"));
        if (rule.severity().compareTo(c.severity()) < 0) {
            next = next.withEscalation(rule.severity(), rule.id(), rule.owner().title(),
                    escalated(now, c, CaseStatus.OPEN, rule));
        }
        String assignee = c.work().assignee();
        CaseEvent offered = null;
        if (assignee == null || center.technician(assignee).isEmpty()) { // nobody, or no longer on the roster
            Optional<Technician> pick = pickTechnician(c.work().skill());
            assignee = pick.map(Technician::id).orElse(null);
            offered = pick.map(t -> assignedEvent(now, t, c.work().skill())).orElse(null);
        }
        CaseWork work = new CaseWork(assignee, c.work().skill(), center.acknowledgeBy(next.severity(), now),
                center.outcomeBy(next.severity(), now),
                List.of(), null, c.work().workOrder(), now, c.work().ownerWarnedAt(),
                c.work().ownerWarnings());
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
        return evidence.diagnosis().stream().map(KnowledgeEntry::skill).filter(Objects::nonNull).findFirst()
                .orElseGet(() -> center.skillForProblem(problem));
    }

    /** SLA targets counted from {@code openedAt} at the case's severity: a tighter one after an escalation, never a looser one. */
    private CaseWork slaFrom(CaseWork w, DiagnosticCase c, Instant openedAt) {
        Instant ack = center.acknowledgeBy(c.severity(), openedAt);
        Instant out = center.outcomeBy(c.severity(), openedAt);
        return new CaseWork(w.assignee(), w.skill(), min(ack, w.acknowledgeBy()), min(out, w.outcomeBy()),
                w.slaBreaches(), w.closedAt(), w.workOrder(), w.slaStart(), w.ownerWarnedAt(), w.ownerWarnings());
    }

    private static Instant min(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }
}

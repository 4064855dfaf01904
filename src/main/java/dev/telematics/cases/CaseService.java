package dev.telematics.cases;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.rules.RuleFiring;
import dev.telematics.rules.RuleMeta;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service center's case logic: opens a case for a firing rule or adds to the active one, and
 * carries out the technicians' actions. Thread-safe (the store is); changes that meet a concurrent
 * change of the same case are re-applied to the fresh version.
 */
public final class CaseService {
    public static final int MAX_NOTE_LENGTH = 10_000;
    public static final String ENGINE_ACTOR = "engine";
    public static final int AUDITED_RECURRENCES = 20;
    private static final int MAX_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(CaseService.class);

    private final CaseStore store;
    private final Clock clock;
    private final CaseListener listener;

    public CaseService(CaseStore store, Clock clock, CaseListener listener) {
        this.store = store;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Opens a case for the firing's vehicle and problem, or records one more occurrence on the active one;
     * a firing more severe than the case escalates it. Only the first {@value #AUDITED_RECURRENCES}
     * recurrences are written to the audit trail; later ones only count.
     */
    public CaseOutcome recordFiring(RuleFiring firing, Evidence evidence) {
        RuleMeta rule = firing.rule();
        String vin = firing.vin().value();
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Optional<DiagnosticCase> active = store.findActive(vin, rule.problem());
            try {
                if (active.isEmpty()) {
                    CaseEvent opened = new CaseEvent(now, ENGINE_ACTOR, "OPENED", null, CaseStatus.OPEN,
                            "rule " + rule.id() + " fired");
                    DiagnosticCase c = store.create(new NewCase(vin, rule.problem(), rule.id(), rule.severity(),
                            rule.owner().title(), rule.description(), now, evidence, opened));
                    tell(() -> listener.opened(c));
                    return new CaseOutcome(c, true, false);
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
                }
                DiagnosticCase stored = store.update(next);
                tell(() -> listener.recurred(stored));
                return new CaseOutcome(stored, false, escalate);
            } catch (EngineException e) {
                // a technician changed or resolved the case meanwhile, or another firing created it: look again
                if (e.code() != ErrorCode.STALE_UPDATE || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
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

    public DiagnosticCase acknowledge(String ref, String actor) {
        return transition(ref, actor, CaseStatus.ACKNOWLEDGED, null);
    }

    public DiagnosticCase resolve(String ref, String actor, String resolution) {
        return transition(ref, actor, CaseStatus.RESOLVED, resolution);
    }

    public DiagnosticCase addNote(String ref, String author, String text) {
        if (text == null || text.isBlank()) {
            throw new EngineException(ErrorCode.MISSING_FIELD, "a note needs a non-empty 'text'");
        }
        if (text.length() > MAX_NOTE_LENGTH) {
            throw new EngineException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "a note may have at most " + MAX_NOTE_LENGTH + " characters, got " + text.length());
        }
        String who = actor(author);
        long id = get(ref).id();
        return change(id, c -> {
            Instant now = clock.instant();
            return c.withNote(new CaseNote(now, who, text),
                    new CaseEvent(now, who, "NOTE_ADDED", c.status(), c.status(), null));
        });
    }

    private DiagnosticCase transition(String ref, String actor, CaseStatus to, String why) {
        String who = actor(actor);
        long id = get(ref).id();
        return change(id, c -> {
            if (!c.status().canMoveTo(to)) {
                throw new EngineException(ErrorCode.INVALID_TRANSITION, "case " + c.number() + " is " + c.status()
                        + " and cannot become " + to + " (allowed: " + c.status().allowedNext() + ")");
            }
            return c.withStatus(to, new CaseEvent(clock.instant(), who, to.name(), c.status(), to, why));
        });
    }

    private DiagnosticCase change(long id, UnaryOperator<DiagnosticCase> edit) {
        for (int attempt = 1; ; attempt++) {
            DiagnosticCase current = store.findById(id)
                    .orElseThrow(() -> new EngineException(ErrorCode.CASE_NOT_FOUND, "no case " + id));
            try {
                return store.update(edit.apply(current));
            } catch (EngineException e) {
                if (e.code() != ErrorCode.STALE_UPDATE || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
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
}

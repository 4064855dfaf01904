package dev.telematics.cases;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.telematics.vehicle.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A diagnostic case of the virtual service center: one vehicle, one problem. Immutable.
 *
 * <p>Two counters: {@code version} counts the service center's edits only (workflow transitions,
 * assignment, notes, SLA overrides); it is what the API shows and what a technician's change names as
 * the version it was based on, so that only another technician's edit makes it stale (409). The engine's
 * and the owner's changes (occurrences, escalations, reopening, SLA misses, owner acknowledgements,
 * consent events, warned marks, audit events) leave it alone. {@code storeVersion} is the store's own
 * row counter for optimistic locking, bumped by every write; it is not shown (not serialised).
 *
 * @param evidence       what the engine saw when the case was opened
 * @param latestEvidence what it saw at the latest occurrence (the same as {@code evidence} at first)
 * @param occurrences    how often the problem fired while the case was active
 * @param work           assignment, SLA targets, closing time and work order
 * @param version        the service center's edit version (from 1)
 * @param storeVersion   the store's row version (from 1), internal
 */
public record DiagnosticCase(
        long id,
        String number,
        String vin,
        String problem,
        String ruleId,
        Severity severity,
        String title,
        String description,
        CaseStatus status,
        Instant openedAt,
        Instant lastSeenAt,
        int occurrences,
        Evidence evidence,
        Evidence latestEvidence,
        List<CaseNote> notes,
        List<CaseEvent> events,
        CaseWork work,
        long version,
        @JsonIgnore long storeVersion) {

    public DiagnosticCase {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(vin, "vin");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(openedAt, "openedAt");
        if (occurrences < 1 || version < 1 || storeVersion < 1) {
            throw new IllegalArgumentException("occurrences, version and storeVersion start at 1");
        }
        notes = List.copyOf(notes);
        events = List.copyOf(events);
        work = work == null ? CaseWork.none() : work;
    }

    /**
     * When the case's next SLA target falls due: acknowledging while OPEN, reaching an outcome while
     * ACKNOWLEDGED or IN_DIAGNOSIS; null once an outcome is reached or the case is closed.
     */
    public Instant slaDueAt() {
        return switch (status) {
            case OPEN -> work.acknowledgeBy();
            case ACKNOWLEDGED, IN_DIAGNOSIS -> work.outcomeBy();
            default -> null;
        };
    }

    /** The SLA target the case is waiting for now ({@link CaseWork#ACKNOWLEDGE} or {@link CaseWork#OUTCOME}), or null. */
    public String slaTarget() {
        return switch (status) {
            case OPEN -> CaseWork.ACKNOWLEDGE;
            case ACKNOWLEDGED, IN_DIAGNOSIS -> CaseWork.OUTCOME;
            default -> null;
        };
    }

    public DiagnosticCase withStatus(CaseStatus next, CaseEvent event) {
        return new DiagnosticCase(id, number, vin, problem, ruleId, severity, title, description, next, openedAt,
                lastSeenAt, occurrences, evidence, latestEvidence, notes, append(events, event), work, version, storeVersion);
    }

    /** The problem fired again: one more occurrence, newer latest evidence; {@code event} may be null (not audited). */
    public DiagnosticCase withOccurrence(Instant seenAt, Evidence newEvidence, CaseEvent event) {
        return new DiagnosticCase(id, number, vin, problem, ruleId, severity, title, description, status, openedAt,
                seenAt, occurrences + 1, evidence, newEvidence, notes, event == null ? events : append(events, event),
                work, version, storeVersion);
    }

    /** A more severe rule of the same problem fired: the case takes its severity, rule and title. */
    public DiagnosticCase withEscalation(Severity newSeverity, String newRuleId, String newTitle, CaseEvent event) {
        return new DiagnosticCase(id, number, vin, problem, newRuleId, newSeverity, newTitle, description, status,
                openedAt, lastSeenAt, occurrences, evidence, latestEvidence, notes, append(events, event), work, version, storeVersion);
    }

    public DiagnosticCase withNote(CaseNote note, CaseEvent event) {
        return new DiagnosticCase(id, number, vin, problem, ruleId, severity, title, description, status, openedAt,
                lastSeenAt, occurrences, evidence, latestEvidence, append(notes, note), append(events, event), work,
                version, storeVersion);
    }

    /** Another handling (assignment, SLA, work order), with an audit event or null. */
    public DiagnosticCase withWork(CaseWork newWork, CaseEvent event) {
        return new DiagnosticCase(id, number, vin, problem, ruleId, severity, title, description, status, openedAt,
                lastSeenAt, occurrences, evidence, latestEvidence, notes, event == null ? events : append(events, event),
                newWork, version, storeVersion);
    }

    /** The case as the service center edited it: the next edit version. */
    public DiagnosticCase withNextEditVersion() {
        return new DiagnosticCase(id, number, vin, problem, ruleId, severity, title, description, status, openedAt,
                lastSeenAt, occurrences, evidence, latestEvidence, notes, events, work, version + 1, storeVersion);
    }

    /** The case with the store's row version (set by the stores only). */
    public DiagnosticCase withStoreVersion(long newStoreVersion) {
        return new DiagnosticCase(id, number, vin, problem, ruleId, severity, title, description, status, openedAt,
                lastSeenAt, occurrences, evidence, latestEvidence, notes, events, work, version, newStoreVersion);
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list.size() + 1);
        out.addAll(list);
        out.add(item);
        return out;
    }
}

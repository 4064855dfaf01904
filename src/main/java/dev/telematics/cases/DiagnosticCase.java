package dev.telematics.cases;

import dev.telematics.rules.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A diagnostic case of the virtual service center: one vehicle, one problem. Immutable; every change
 * makes a new version ({@code version} is the optimistic-locking counter of the store).
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
        List<CaseNote> notes,
        List<CaseEvent> events,
        long version) {

    public DiagnosticCase {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(vin, "vin");
        Objects.requireNonNull(status, "status");
        notes = List.copyOf(notes);
        events = List.copyOf(events);
    }

    public DiagnosticCase withStatus(CaseStatus next, CaseEvent event) {
        return new DiagnosticCase(id, number, vin, problem, ruleId, severity, title, description, next, openedAt,
                lastSeenAt, occurrences, evidence, notes, append(events, event), version);
    }

    /** The problem fired again: one more occurrence, newer evidence. */
    public DiagnosticCase withOccurrence(Instant seenAt, Evidence newEvidence, CaseEvent event) {
        return new DiagnosticCase(id, number, vin, problem, ruleId, severity, title, description, status, openedAt,
                seenAt, occurrences + 1, newEvidence, notes, append(events, event), version);
    }

    public DiagnosticCase withNote(CaseNote note, CaseEvent event) {
        return new DiagnosticCase(id, number, vin, problem, ruleId, severity, title, description, status, openedAt,
                lastSeenAt, occurrences, evidence, append(notes, note), append(events, event), version);
    }

    public DiagnosticCase withVersion(long newVersion) {
        return new DiagnosticCase(id, number, vin, problem, ruleId, severity, title, description, status, openedAt,
                lastSeenAt, occurrences, evidence, notes, events, newVersion);
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list.size() + 1);
        out.addAll(list);
        out.add(item);
        return out;
    }
}

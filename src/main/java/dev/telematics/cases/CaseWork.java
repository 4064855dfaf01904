package dev.telematics.cases;

import java.time.Instant;
import java.util.List;
import java.util.ArrayList;

/**
 * How the service center handles a case: the technician who has it, the SLA targets it is held to and
 * the ones it missed, when it was closed, and the work order once a workshop visit is booked.
 *
 * @param assignee      technician id, or null while nobody with the needed skill is free
 * @param skill         the skill the case needs (from the knowledge base or the rule)
 * @param acknowledgeBy SLA: acknowledge by then
 * @param outcomeBy     SLA: reach an outcome (remote fix, OTA, booking, dispatch) by then
 * @param slaBreaches   the SLA targets missed so far: {@code ACKNOWLEDGE}, {@code OUTCOME}
 * @param closedAt      when the case was last closed, or null
 * @param workOrder     the workshop's work order, or null
 * @param slaStart      when the SLA clock started (the opening, or the latest reopening)
 * @param ownerWarnedAt when the owner was last warned of this case (for reminders), or null
 * @param ownerWarnings the warnings sent to the owner for this case, oldest first (at most
 *                      {@value #MAX_OWNER_WARNINGS}, the newest kept), each with its acknowledgement
 */
public record CaseWork(String assignee, String skill, Instant acknowledgeBy, Instant outcomeBy,
                       List<String> slaBreaches, Instant closedAt, WorkOrder workOrder, Instant slaStart,
                       Instant ownerWarnedAt, List<SentWarning> ownerWarnings) {
    public static final String ACKNOWLEDGE = "ACKNOWLEDGE";
    public static final String OUTCOME = "OUTCOME";
    /** Sent warnings kept per case: a first warning, escalations and one reminder a day for weeks. */
    public static final int MAX_OWNER_WARNINGS = 64;

    public CaseWork {
        slaBreaches = slaBreaches == null ? List.of() : List.copyOf(slaBreaches);
        ownerWarnings = ownerWarnings == null ? List.of() : List.copyOf(ownerWarnings);
        if (ownerWarnings.size() > MAX_OWNER_WARNINGS) {
            ownerWarnings = ownerWarnings.subList(ownerWarnings.size() - MAX_OWNER_WARNINGS, ownerWarnings.size());
        }
    }

    public static CaseWork none() {
        return new CaseWork(null, null, null, null, List.of(), null, null, null, null, List.of());
    }

    /** The sent warning with this id, or null. */
    public SentWarning ownerWarning(String warningId) {
        for (SentWarning w : ownerWarnings) {
            if (w.warningId().equals(warningId)) {
                return w;
            }
        }
        return null;
    }

    /** The warning {@code w} recorded: replaces the one with its id, or is added as the newest. */
    public CaseWork withOwnerWarning(SentWarning w) {
        List<SentWarning> list = new ArrayList<>(ownerWarnings);
        int i = 0;
        while (i < list.size() && !list.get(i).warningId().equals(w.warningId())) {
            i++;
        }
        if (i < list.size()) {
            list.set(i, w);
        } else {
            list.add(w);
        }
        return new CaseWork(assignee, skill, acknowledgeBy, outcomeBy, slaBreaches, closedAt, workOrder, slaStart,
                ownerWarnedAt, list);
    }

    /** True when an SLA target was missed and the case is still waiting for what it missed. */
    public boolean overdue() {
        return !slaBreaches.isEmpty();
    }

    public CaseWork withAssignee(String technician) {
        return new CaseWork(technician, skill, acknowledgeBy, outcomeBy, slaBreaches, closedAt, workOrder, slaStart, ownerWarnedAt, ownerWarnings);
    }

    public CaseWork withSla(Instant ackBy, Instant outBy) {
        return new CaseWork(assignee, skill, ackBy, outBy, List.of(), closedAt, workOrder, slaStart, ownerWarnedAt, ownerWarnings);
    }

    public CaseWork withBreach(String target) {
        List<String> b = new ArrayList<>(slaBreaches);
        if (!b.contains(target)) {
            b.add(target);
        }
        return new CaseWork(assignee, skill, acknowledgeBy, outcomeBy, b, closedAt, workOrder, slaStart, ownerWarnedAt, ownerWarnings);
    }

    /** The target was met (e.g. the case was acknowledged): it no longer counts as missed. */
    public CaseWork withoutBreach(String target) {
        List<String> b = new ArrayList<>(slaBreaches);
        b.remove(target);
        return new CaseWork(assignee, skill, acknowledgeBy, outcomeBy, b, closedAt, workOrder, slaStart, ownerWarnedAt, ownerWarnings);
    }

    public CaseWork withClosedAt(Instant at) {
        return new CaseWork(assignee, skill, acknowledgeBy, outcomeBy, slaBreaches, at, workOrder, slaStart, ownerWarnedAt, ownerWarnings);
    }

    public CaseWork withOwnerWarnedAt(Instant at) {
        return new CaseWork(assignee, skill, acknowledgeBy, outcomeBy, slaBreaches, closedAt, workOrder, slaStart, at, ownerWarnings);
    }

    public CaseWork withWorkOrder(WorkOrder w) {
        return new CaseWork(assignee, skill, acknowledgeBy, outcomeBy, slaBreaches, closedAt, w, slaStart, ownerWarnedAt, ownerWarnings);
    }
}

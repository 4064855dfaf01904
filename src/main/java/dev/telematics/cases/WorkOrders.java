package dev.telematics.cases;

import dev.telematics.dtc.KnowledgeEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the workshop's {@link WorkOrder} for a case being booked: parts, labour and suspected causes
 * from the knowledge base entries of its latest evidence (else its first), the trigger, DTCs and notes.
 * Thread-safe: stateless.
 */
public final class WorkOrders {
    /** The work order for {@code c}, issued by {@code who} at {@code now}. */
    public WorkOrder forCase(DiagnosticCase c, String who, Instant now) {
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
}

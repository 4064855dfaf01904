package dev.telematics.rules;

import dev.telematics.vehicle.Severity;

import dev.telematics.dtc.KnowledgeEntry;
import java.util.Objects;
import java.util.Set;

/**
 * Opens a case for every DTC the knowledge base rates at least {@code minSeverity}, unless a
 * {@code dtc} rule already handles that DTC. The case and the owner's warning take the knowledge
 * base's severity and plain words; the problem is the DTC itself ("dtc:P0A0A").
 */
public record KnowledgeBaseRule(RuleMeta meta, Severity minSeverity, Set<String> ecus) implements Rule {
    public KnowledgeBaseRule {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(minSeverity, "minSeverity");
        ecus = Set.copyOf(ecus);
    }

    public boolean appliesTo(String ecu, KnowledgeEntry entry) {
        return (ecus.isEmpty() || ecus.contains(ecu)) && entry.severity().compareTo(minSeverity) <= 0;
    }

    /** The rule as it fires for one knowledge-base entry: its severity, problem and owner words. */
    public RuleMeta metaFor(KnowledgeEntry e) {
        return new RuleMeta(meta.id(), meta.kind(), e.key() + ": " + e.description(), e.severity(), meta.opensCase(),
                "dtc:" + e.key(), new OwnerMessage(e.ownerTitle(), e.ownerText(), e.ownerUrgency()), meta.source());
    }
}

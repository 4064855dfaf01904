package dev.telematics.rules;

import java.util.List;
import java.util.Objects;

/**
 * Fires when all ({@code kind: all}) or any ({@code kind: any}) of other rules are active for a
 * vehicle at the same time: a threshold rule whose episode has fired and not cleared, a rate rule
 * whose rate condition has held long enough. Once per episode; re-arms when the combination ends.
 * Example: GB 38031-2020 Annex A, (voltage drop and fast temperature rise) or (maximum temperature and
 * fast temperature rise).
 */
public record CompositeRule(RuleMeta meta, boolean all, List<String> of) implements Rule {
    public CompositeRule {
        Objects.requireNonNull(meta, "meta");
        of = List.copyOf(of);
        if (of.size() < 2) {
            throw new IllegalArgumentException("a composite rule combines at least two rules in 'of'");
        }
    }

    public boolean combine(List<Boolean> active) {
        return all ? active.stream().allMatch(b -> b) : active.stream().anyMatch(b -> b);
    }
}

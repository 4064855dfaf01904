package dev.telematics.rules;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Fires when an ECU newly reports a matching fault code. A pattern is an exact J2012 code
 * ({@code P0AA6}) or a prefix ending in {@code *} ({@code P0A7*}). Optionally limited to some ECUs.
 */
public record DtcRule(RuleMeta meta, List<String> patterns, Set<String> ecus) implements Rule {
    public DtcRule {
        Objects.requireNonNull(meta, "meta");
        patterns = List.copyOf(patterns);
        ecus = Set.copyOf(ecus);
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("a dtc rule needs at least one code or pattern");
        }
    }

    public boolean appliesTo(String ecu) {
        return ecus.isEmpty() || ecus.contains(ecu);
    }

    public boolean matches(String code) {
        for (String p : patterns) {
            if (p.endsWith("*") ? code.startsWith(p.substring(0, p.length() - 1)) : code.equals(p)) {
                return true;
            }
        }
        return false;
    }
}

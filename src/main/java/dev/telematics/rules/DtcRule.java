package dev.telematics.rules;

import dev.telematics.dtc.DtcChange;
import dev.telematics.dtc.DtcState;
import dev.telematics.dtc.KnowledgeEntry;
import dev.telematics.dtc.ReportedDtc;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Fires when an ECU reports a DTC that meets every criterion given, once per episode of that DTC
 * (again only after it was cleared and came back). Criteria: codes ({@code P0AA6}, prefixes
 * {@code P0A7*}, or code with failure type {@code P0110-1C}), systems (from the knowledge base), UDS
 * failure type bytes, J1939 SPN/FMI, state (pending or confirmed), UDS status bits, and the number of
 * times the DTC became active. Optionally limited to some ECUs.
 *
 * @param statusMask UDS status bits that must all be set (0: none required)
 */
public record DtcRule(RuleMeta meta, List<String> patterns, Set<String> ecus, Set<String> systems, Set<Integer> ftbs,
                      Set<Integer> spns, Set<Integer> fmis, DtcState requiredState, int statusMask, int minOccurrences)
        implements Rule {

    public DtcRule {
        Objects.requireNonNull(meta, "meta");
        patterns = List.copyOf(patterns);
        ecus = Set.copyOf(ecus);
        systems = Set.copyOf(systems);
        ftbs = Set.copyOf(ftbs);
        spns = Set.copyOf(spns);
        fmis = Set.copyOf(fmis);
        if (patterns.isEmpty() && systems.isEmpty() && spns.isEmpty()) {
            throw new IllegalArgumentException("a dtc rule needs 'codes', 'systems' or 'spn' (it would match every DTC)");
        }
        if (minOccurrences < 1) {
            throw new IllegalArgumentException("'minOccurrences' must be at least 1");
        }
    }

    /** A rule on codes only (the common case). */
    public static DtcRule ofCodes(RuleMeta meta, List<String> patterns) {
        return new DtcRule(meta, patterns, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), null, 0, 1);
    }

    public boolean appliesTo(String ecu) {
        return ecus.isEmpty() || ecus.contains(ecu);
    }

    /** Whether an active DTC meets every criterion of this rule. */
    public boolean matches(DtcChange c, Optional<KnowledgeEntry> knowledge) {
        ReportedDtc d = c.dtc();
        if (!patterns.isEmpty() && !matchesCode(d)) {
            return false;
        }
        if (!systems.isEmpty() && knowledge.map(k -> !systems.contains(k.system())).orElse(true)) {
            return false;
        }
        if (!ftbs.isEmpty() && (d.ftb() == null || !ftbs.contains(d.ftb()))) {
            return false;
        }
        if (!spns.isEmpty() && (d.j1939() == null || !spns.contains(d.j1939().spn()))) {
            return false;
        }
        if (!fmis.isEmpty() && (d.j1939() == null || !fmis.contains(d.j1939().fmi()))) {
            return false;
        }
        if (requiredState != null && c.state() != requiredState) {
            return false;
        }
        if (statusMask != 0 && (d.status() == null || !d.status().has(statusMask))) {
            return false;
        }
        return c.occurrences() >= minOccurrences;
    }

    /**
     * Whether this rule is about this DTC at all (its codes, systems, SPNs and FMIs), whatever its state
     * now: a DTC a rule selects is that rule's, and the knowledge-base rule leaves it alone.
     */
    public boolean selects(String ecu, ReportedDtc d, Optional<KnowledgeEntry> knowledge) {
        if (!appliesTo(ecu)) {
            return false;
        }
        String code = d.code() == null ? d.key() : d.code().code();
        boolean byCode = !patterns.isEmpty() && patterns.stream().anyMatch(p -> p.endsWith("*")
                ? code.startsWith(p.substring(0, p.length() - 1)) : code.equals(p.contains("-") ? p.substring(0, 5) : p));
        boolean bySystem = !systems.isEmpty() && knowledge.map(k -> systems.contains(k.system())).orElse(false);
        boolean bySpn = !spns.isEmpty() && d.j1939() != null && spns.contains(d.j1939().spn())
                && (fmis.isEmpty() || fmis.contains(d.j1939().fmi()));
        return byCode || bySystem || bySpn;
    }

    /** Whether a code or key matches one of the patterns (exact, prefix*, or code-FTB). */
    public boolean matchesCode(ReportedDtc d) {
        String code = d.code() == null ? d.key() : d.code().code();
        for (String p : patterns) {
            boolean hit = p.endsWith("*") ? code.startsWith(p.substring(0, p.length() - 1))
                    : p.contains("-") ? d.label().equals(p) : code.equals(p);
            if (hit) {
                return true;
            }
        }
        return false;
    }
}

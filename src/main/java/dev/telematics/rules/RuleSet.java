package dev.telematics.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;

/** An immutable set of loaded rules, indexed for evaluation (threshold rules by signal). */
public final class RuleSet {
    private final List<Rule> rules;
    private final Map<String, List<ForecastRule>> forecastsBySignal;
    private final Map<String, List<OutlierRule>> outliersBySignal;
    private final Map<String, SignalRules> bySignal;
    private final IdentityHashMap<Rule, Integer> slots = new IdentityHashMap<>();
    private final List<CompositeRule> composites;
    private final Map<String, Rule> byId;
    private final List<DtcRule> dtcRules;
    private final List<KnowledgeBaseRule> knowledgeRules;
    private final String[] fingerprints;

    public RuleSet(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.fingerprints = new String[this.rules.size()];
        Map<String, List<ThresholdRule>> bySignal = new HashMap<>();
        Map<String, List<RateRule>> rates = new HashMap<>();
        Map<String, List<ForecastRule>> forecasts = new HashMap<>();
        Map<String, List<OutlierRule>> outliers = new HashMap<>();
        List<CompositeRule> comp = new ArrayList<>();
        Map<String, Rule> ids = new HashMap<>();
        List<DtcRule> dtc = new ArrayList<>();
        List<KnowledgeBaseRule> kb = new ArrayList<>();
        for (int i = 0; i < this.rules.size(); i++) {
            Rule r = this.rules.get(i);
            ids.put(r.id(), r);
            slots.put(r, i);
            fingerprints[i] = RuleStateCodec.fingerprint(r);
            if (r instanceof OutlierRule o) {
                outliers.computeIfAbsent(o.signal(), k -> new ArrayList<>()).add(o);
                if (o.minSignal() != null) {
                    outliers.computeIfAbsent(o.minSignal(), k -> new ArrayList<>()).add(o);
                }
            } else if (r instanceof ForecastRule fr) {
                forecasts.computeIfAbsent(fr.signal(), k -> new ArrayList<>()).add(fr);
            } else if (r instanceof RateRule rr) {
                rates.computeIfAbsent(rr.signal(), k -> new ArrayList<>()).add(rr);
            } else if (r instanceof CompositeRule c) {
                comp.add(c);
            } else if (r instanceof ThresholdRule t) {
                bySignal.computeIfAbsent(t.signal(), k -> new ArrayList<>()).add(t);
            } else if (r instanceof DtcRule d) {
                dtc.add(d);
            } else if (r instanceof KnowledgeBaseRule k) {
                kb.add(k);
            }
        }
        bySignal.replaceAll((k, v) -> List.copyOf(v));
        rates.replaceAll((k, v) -> List.copyOf(v));
        forecasts.replaceAll((k, v) -> List.copyOf(v));
        outliers.replaceAll((k, v) -> List.copyOf(v));
        this.outliersBySignal = Collections.unmodifiableMap(outliers);
        this.forecastsBySignal = Collections.unmodifiableMap(forecasts);
        Map<String, SignalRules> all = new HashMap<>();
        for (String signal : unionOfKeys(bySignal, rates, forecasts, outliers)) {
            all.put(signal, new SignalRules(bySignal.getOrDefault(signal, List.of()), rates.getOrDefault(signal, List.of()),
                    outliers.getOrDefault(signal, List.of()), forecasts.getOrDefault(signal, List.of())));
        }
        this.bySignal = Map.copyOf(all);
        this.composites = inDependencyOrder(comp);
        this.byId = Map.copyOf(ids);
        this.dtcRules = List.copyOf(dtc);
        this.knowledgeRules = List.copyOf(kb);
    }

    /** {@link RuleStateCodec#fingerprint} of the rule in slot {@code i} (computed once, at load). */
    String fingerprint(int i) {
        return fingerprints[i];
    }

    /** The position of {@code r} in {@link #all()} (its per-vehicle state slot), or -1 when not in this set. */
    public int slot(Rule r) {
        Integer i = slots.get(r);
        return i == null ? -1 : i;
    }

    /** The rules a signal feeds, by kind: one lookup per signal on the hot path. */
    public record SignalRules(List<ThresholdRule> thresholds, List<RateRule> rates, List<OutlierRule> outliers,
                              List<ForecastRule> forecasts) {
    }

    /** The rules that a new value of {@code signal} feeds, or null when none does. */
    public SignalRules forSignal(String signal) {
        return bySignal.get(signal);
    }

    @SafeVarargs
    private static Set<String> unionOfKeys(Map<String, ?>... maps) {
        Set<String> keys = new HashSet<>();
        for (Map<String, ?> m : maps) {
            keys.addAll(m.keySet());
        }
        return keys;
    }

    /** Composites that others are built from come first, so one pass sees every part's current state. */
    private static List<CompositeRule> inDependencyOrder(List<CompositeRule> comp) {
        Map<String, CompositeRule> byId = new HashMap<>();
        comp.forEach(c -> byId.put(c.id(), c));
        List<CompositeRule> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (CompositeRule c : comp) {
            visit(c, byId, done, out, new HashSet<>());
        }
        return List.copyOf(out);
    }

    private static void visit(CompositeRule c, Map<String, CompositeRule> byId, Set<String> done,
                              List<CompositeRule> out, Set<String> path) {
        if (done.contains(c.id()) || !path.add(c.id())) {
            return;
        }
        for (String ref : c.of()) {
            CompositeRule inner = byId.get(ref);
            if (inner != null) {
                visit(inner, byId, done, out, path);
            }
        }
        done.add(c.id());
        out.add(c);
    }

    public List<Rule> all() {
        return rules;
    }

    public List<OutlierRule> outliersFor(String signal) {
        return outliersBySignal.getOrDefault(signal, List.of());
    }

    /** Every forecast rule. */
    public List<ForecastRule> forecasts() {
        return forecastsBySignal.values().stream().flatMap(List::stream).toList();
    }

    public List<CompositeRule> composites() {
        return composites;
    }

    public Rule byId(String id) {
        return byId.get(id);
    }

    public List<DtcRule> dtcRules() {
        return dtcRules;
    }

    public List<KnowledgeBaseRule> knowledgeRules() {
        return knowledgeRules;
    }

    public int size() {
        return rules.size();
    }
}

package dev.telematics.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An immutable set of loaded rules, indexed for evaluation (threshold rules by signal). */
public final class RuleSet {
    private final List<Rule> rules;
    private final Map<String, List<ThresholdRule>> thresholdsBySignal;
    private final List<DtcRule> dtcRules;

    public RuleSet(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        Map<String, List<ThresholdRule>> bySignal = new HashMap<>();
        List<DtcRule> dtc = new ArrayList<>();
        for (Rule r : this.rules) {
            if (r instanceof ThresholdRule t) {
                bySignal.computeIfAbsent(t.signal(), k -> new ArrayList<>()).add(t);
            } else if (r instanceof DtcRule d) {
                dtc.add(d);
            }
        }
        bySignal.replaceAll((k, v) -> List.copyOf(v));
        this.thresholdsBySignal = Collections.unmodifiableMap(bySignal);
        this.dtcRules = List.copyOf(dtc);
    }

    public List<Rule> all() {
        return rules;
    }

    public List<ThresholdRule> thresholdsFor(String signal) {
        return thresholdsBySignal.getOrDefault(signal, List.of());
    }

    public List<DtcRule> dtcRules() {
        return dtcRules;
    }

    public int size() {
        return rules.size();
    }
}

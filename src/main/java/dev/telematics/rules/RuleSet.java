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
    private final List<KnowledgeBaseRule> knowledgeRules;

    public RuleSet(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        Map<String, List<ThresholdRule>> bySignal = new HashMap<>();
        List<DtcRule> dtc = new ArrayList<>();
        List<KnowledgeBaseRule> kb = new ArrayList<>();
        for (Rule r : this.rules) {
            if (r instanceof ThresholdRule t) {
                bySignal.computeIfAbsent(t.signal(), k -> new ArrayList<>()).add(t);
            } else if (r instanceof DtcRule d) {
                dtc.add(d);
            } else if (r instanceof KnowledgeBaseRule k) {
                kb.add(k);
            }
        }
        bySignal.replaceAll((k, v) -> List.copyOf(v));
        this.thresholdsBySignal = Collections.unmodifiableMap(bySignal);
        this.dtcRules = List.copyOf(dtc);
        this.knowledgeRules = List.copyOf(kb);
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

    public List<KnowledgeBaseRule> knowledgeRules() {
        return knowledgeRules;
    }

    public int size() {
        return rules.size();
    }
}

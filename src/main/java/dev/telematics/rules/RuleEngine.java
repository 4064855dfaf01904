package dev.telematics.rules;

import dev.telematics.dtc.DtcChange;
import dev.telematics.dtc.DtcLifecycle;
import dev.telematics.dtc.DtcReport;
import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.dtc.KnowledgeEntry;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.VehicleState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Evaluates the loaded rules against a vehicle's new data and returns the firings.
 *
 * <p>Threading: {@link #onSample} and {@link #onDtcReport} are called by ingest workers, each with the
 * state of a vehicle it owns; the rule set is immutable and swapped atomically, the counters are
 * thread-safe.
 */
public final class RuleEngine {
    private volatile RuleSet rules;
    private final KnowledgeBase knowledge;
    private final LongAdder evaluations = new LongAdder();
    private final Map<String, LongAdder> firingsByRule = new ConcurrentHashMap<>();

    public RuleEngine(RuleSet rules, KnowledgeBase knowledge) {
        this.rules = rules;
        this.knowledge = knowledge;
    }

    public KnowledgeBase knowledge() {
        return knowledge;
    }

    public RuleSet rules() {
        return rules;
    }

    /** Evaluates the threshold rules of every signal in a sample already applied to {@code state}. */
    public List<RuleFiring> onSample(VehicleState state, Sample sample) {
        RuleSet rs = rules;
        List<RuleFiring> out = null;
        long ts = sample.timestampMillis();
        for (Map.Entry<String, Double> e : sample.scalars().entrySet()) {
            List<ThresholdRule> list = rs.thresholdsFor(e.getKey());
            for (int i = 0; i < list.size(); i++) {
                ThresholdRule r = list.get(i);
                double v = e.getValue();
                ThresholdRule.Step step = r.update(state.ruleState(r.id()), ts, v);
                state.ruleState(r.id(), step.state() == ThresholdRule.State.IDLE ? null : step.state());
                evaluations.increment();
                if (step.fire()) {
                    out = add(out, new RuleFiring(r.meta(), state.vin(), ts, r.trigger(step.state(), ts, v)));
                }
            }
        }
        return out == null ? List.of() : out;
    }

    /**
     * Applies an ECU's report to the vehicle's DTC lifecycle and fires, for each active DTC, every
     * {@code dtc} rule it meets (once per episode of the DTC); a DTC no {@code dtc} rule handles goes to
     * the knowledge-base rules.
     */
    public List<RuleFiring> onDtcReport(VehicleState state, DtcReport report) {
        RuleSet rs = rules;
        DtcLifecycle lifecycle = state.dtcs();
        List<RuleFiring> out = null;
        for (DtcChange c : lifecycle.apply(report)) {
            if (!c.active()) {
                continue;
            }
            Optional<KnowledgeEntry> kb = knowledge.lookup(c.dtc(), state.vin());
            boolean handled = false;
            for (DtcRule r : rs.dtcRules()) {
                evaluations.increment();
                if (r.appliesTo(c.ecu()) && r.matches(c, kb)) {
                    handled = true;
                    if (lifecycle.markFired(c.ecu(), c.dtc().key(), r.id())) {
                        out = add(out, new RuleFiring(r.meta(), state.vin(), report.timestampMillis(), trigger(report, c, kb)));
                    }
                }
            }
            if (handled || kb.isEmpty()) {
                continue;
            }
            for (KnowledgeBaseRule k : rs.knowledgeRules()) {
                evaluations.increment();
                if (k.appliesTo(c.ecu(), kb.get()) && lifecycle.markFired(c.ecu(), c.dtc().key(), k.id())) {
                    out = add(out, new RuleFiring(k.metaFor(kb.get()), state.vin(), report.timestampMillis(),
                            trigger(report, c, kb)));
                }
            }
        }
        return out == null ? List.of() : out;
    }

    private static Map<String, Object> trigger(DtcReport report, DtcChange c, Optional<KnowledgeEntry> kb) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("ecu", report.ecu());
        t.put("format", report.format());
        t.put("dtc", c.dtc().key());
        if (c.dtc().code() != null) {
            t.put("code", c.dtc().code().code());
        }
        kb.ifPresent(k -> t.put("description", k.description()));
        t.put("transition", c.transition().name());
        t.put("state", c.state().name());
        t.put("occurrences", c.occurrences());
        if (c.dtc().status() != null) {
            t.put("statusBits", c.dtc().status().bits());
        }
        if (report.lamps() != null) {
            t.put("lamps", report.lamps());
        }
        return t;
    }

    private List<RuleFiring> add(List<RuleFiring> out, RuleFiring f) {
        firingsByRule.computeIfAbsent(f.rule().id(), k -> new LongAdder()).increment();
        List<RuleFiring> list = out == null ? new ArrayList<>(2) : out;
        list.add(f);
        return list;
    }

    public long evaluations() {
        return evaluations.sum();
    }

    /** Firings per rule id since start. */
    public Map<String, Long> firings() {
        Map<String, Long> m = new java.util.TreeMap<>();
        firingsByRule.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}

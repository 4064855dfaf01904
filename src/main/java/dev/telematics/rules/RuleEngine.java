package dev.telematics.rules;

import dev.telematics.dtc.DtcReport;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.VehicleState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
    private final LongAdder evaluations = new LongAdder();
    private final Map<String, LongAdder> firingsByRule = new ConcurrentHashMap<>();

    public RuleEngine(RuleSet rules) {
        this.rules = rules;
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
     * Applies an ECU's report to the vehicle's active codes and fires each DTC rule that matches a
     * code the ECU did not report before.
     */
    public List<RuleFiring> onDtcReport(VehicleState state, DtcReport report) {
        Set<String> codes = new TreeSet<>();
        report.codes().forEach(c -> codes.add(c.code()));
        Set<String> added = state.replaceDtcs(report.ecu(), codes);
        if (added.isEmpty()) {
            return List.of();
        }
        List<RuleFiring> out = null;
        for (DtcRule r : rules.dtcRules()) {
            evaluations.increment();
            if (!r.appliesTo(report.ecu())) {
                continue;
            }
            List<String> matched = added.stream().filter(r::matches).toList();
            if (!matched.isEmpty()) {
                Map<String, Object> trigger = new LinkedHashMap<>();
                trigger.put("ecu", report.ecu());
                trigger.put("format", report.format());
                trigger.put("codes", matched);
                trigger.put("reported", List.copyOf(codes));
                out = add(out, new RuleFiring(r.meta(), state.vin(), report.timestampMillis(), trigger));
            }
        }
        return out == null ? List.of() : out;
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

package dev.telematics.rules;

import dev.telematics.dtc.DtcChange;
import dev.telematics.dtc.DtcLifecycle;
import dev.telematics.dtc.DtcReport;
import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.dtc.KnowledgeEntry;
import dev.telematics.predict.FleetStatistics;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.TimedValue;
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
    private volatile KnowledgeBase knowledge;
    private final FleetStatistics fleet;
    private final LongAdder evaluations = new LongAdder();
    private final LongAdder cooledDown = new LongAdder();
    private final Map<String, LongAdder> firingsByRule = new ConcurrentHashMap<>();

    public RuleEngine(RuleSet rules, KnowledgeBase knowledge) {
        this(rules, knowledge, new FleetStatistics());
    }

    public RuleEngine(RuleSet rules, KnowledgeBase knowledge, FleetStatistics fleet) {
        this.rules = rules;
        this.knowledge = knowledge;
        this.fleet = fleet;
    }

    public KnowledgeBase knowledge() {
        return knowledge;
    }

    /**
     * Swaps in newly loaded rules and knowledge base (hot reload). Workers pick them up with their next
     * message; per-vehicle state of rules that kept their id carries over.
     */
    public void replace(RuleSet newRules, KnowledgeBase newKnowledge) {
        this.knowledge = newKnowledge;
        this.rules = newRules;
    }

    public RuleSet rules() {
        return rules;
    }

    /**
     * Evaluates the threshold and rate rules of every signal in a sample already applied to
     * {@code state}, then the composite rules.
     */
    public List<RuleFiring> onSample(VehicleState state, Sample sample) {
        RuleSet rs = rules;
        List<RuleFiring> out = null;
        long ts = sample.timestampMillis();
        boolean touched = false;
        for (Map.Entry<String, Double> e : sample.scalars().entrySet()) {
            double v = e.getValue();
            List<ThresholdRule> thresholds = rs.thresholdsFor(e.getKey());
            for (int i = 0; i < thresholds.size(); i++) {
                ThresholdRule r = thresholds.get(i);
                ThresholdRule.Step step = r.update(state.ruleState(r.id()) instanceof ThresholdRule.State st ? st : null,
                        ts, v);
                state.ruleState(r.id(), step.state() == ThresholdRule.State.IDLE ? null : step.state());
                evaluations.increment();
                touched = true;
                if (step.fire()) {
                    out = emit(out, state, r.meta(), ts, r.trigger(step.state(), ts, v));
                }
            }
            List<RateRule> rates = rs.ratesFor(e.getKey());
            for (int i = 0; i < rates.size(); i++) {
                RateRule r = rates.get(i);
                RateRule.Step step = r.update(state.ruleState(r.id()) instanceof RateRule.State st ? st : null, ts, v);
                state.ruleState(r.id(), step.state());
                evaluations.increment();
                touched = true;
                if (step.fire()) {
                    out = emit(out, state, r.meta(), ts, r.trigger(step.state(), ts, v, step.rate()));
                }
            }
            List<OutlierRule> outliers = rs.outliersFor(e.getKey());
            for (int i = 0; i < outliers.size(); i++) {
                OutlierRule r = outliers.get(i);
                OutlierRule.Finding f = switch (r.method()) {
                    case SPREAD -> {
                        TimedValue max = state.latest(r.signal());
                        TimedValue min = state.latest(r.minSignal());
                        yield max == null || min == null ? null : r.spread(max.value(), min.value());
                    }
                    case FLEET -> r.fleet(fleet.update(OutlierRule.modelOf(state.vin().value()), r.signal(),
                            state.vin().value(), v));
                    case CELLS -> null;
                };
                if (f != null) {
                    evaluations.increment();
                    touched = true;
                    out = episode(out, state, r, ts, f);
                }
            }
            List<ForecastRule> forecasts = rs.forecastsFor(e.getKey());
            for (int i = 0; i < forecasts.size(); i++) {
                ForecastRule r = forecasts.get(i);
                ForecastRule.State st = state.ruleState(r.id()) instanceof ForecastRule.State f ? f : null;
                if (st == null) {
                    st = r.newState();
                    state.ruleState(r.id(), st);
                }
                evaluations.increment();
                if (r.update(st, ts, v, name -> {
                    TimedValue tv = state.latest(name);
                    return tv == null ? null : tv.value();
                })) {
                    out = emit(out, state, r.meta(), ts, r.trigger(st, v));
                }
            }
        }
        for (Map.Entry<String, double[]> a : sample.arrays().entrySet()) {
            for (OutlierRule r : rs.outliersFor(a.getKey())) {
                if (r.method() == OutlierRule.Method.CELLS) {
                    evaluations.increment();
                    touched = true;
                    out = episode(out, state, r, ts, r.cells(a.getValue()));
                }
            }
        }
        if (touched) {
            out = composites(rs, state, ts, out);
        }
        return out == null ? List.of() : out;
    }

    /** An outlier fires when it starts; its episode lasts until the value is back inside the bound. */
    private List<RuleFiring> episode(List<RuleFiring> out, VehicleState state, OutlierRule r, long ts,
                                     OutlierRule.Finding f) {
        boolean before = Boolean.TRUE.equals(state.ruleState(r.id()));
        state.ruleState(r.id(), f.outlier() ? Boolean.TRUE : null);
        if (f.outlier() && !before) {
            Map<String, Object> t = new LinkedHashMap<>(f.evidence());
            t.put("method", r.method().name().toLowerCase(java.util.Locale.ROOT));
            t.put("signal", r.signal());
            return emit(out, state, r.meta(), ts, t);
        }
        return out;
    }

    private List<RuleFiring> composites(RuleSet rs, VehicleState state, long ts, List<RuleFiring> out) {
        for (CompositeRule c : rs.composites()) {
            List<Boolean> active = new ArrayList<>(c.of().size());
            for (String ref : c.of()) {
                active.add(active(state.ruleState(ref)));
            }
            evaluations.increment();
            boolean now = c.combine(active);
            boolean before = Boolean.TRUE.equals(state.ruleState(c.id()));
            state.ruleState(c.id(), now ? Boolean.TRUE : null);
            if (now && !before) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("combination", c.all() ? "all" : "any");
                t.put("of", c.of());
                t.put("active", active);
                out = emit(out, state, c.meta(), ts, t);
            }
        }
        return out;
    }

    /** Whether a threshold, rate or composite rule's state says its condition is met for the vehicle now. */
    private static boolean active(Object ruleState) {
        if (ruleState instanceof ThresholdRule.State t) {
            return t.fired();
        }
        if (ruleState instanceof RateRule.State r) {
            return r.fired();
        }
        return Boolean.TRUE.equals(ruleState);
    }

    /**
     * Applies an ECU's report to the vehicle's DTC lifecycle and fires, for each active DTC, every
     * {@code dtc} rule it meets (once per episode of the DTC); a DTC no {@code dtc} rule handles goes to
     * the knowledge-base rules.
     */
    public List<RuleFiring> onDtcReport(VehicleState state, DtcReport report) {
        RuleSet rs = rules;
        KnowledgeBase knowledge = this.knowledge;
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
                handled |= r.selects(c.ecu(), c.dtc(), kb);
                if (r.appliesTo(c.ecu()) && r.matches(c, kb)) {
                    if (lifecycle.markFired(c.ecu(), c.dtc().key(), r.id())) {
                        out = emit(out, state, r.meta(), report.timestampMillis(), trigger(report, c, kb));
                    }
                }
            }
            if (handled || kb.isEmpty()) {
                continue;
            }
            for (KnowledgeBaseRule k : rs.knowledgeRules()) {
                evaluations.increment();
                if (k.appliesTo(c.ecu(), kb.get()) && lifecycle.markFired(c.ecu(), c.dtc().key(), k.id())) {
                    out = emit(out, state, k.metaFor(kb.get()), report.timestampMillis(), trigger(report, c, kb));
                }
            }
        }
        return out == null ? List.of() : out;
    }

    private static Map<String, Object> trigger(DtcReport report, DtcChange c, Optional<KnowledgeEntry> kb) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("ecu", report.ecu());
        t.put("format", report.format());
        t.put("dtc", c.dtc().label());
        t.put("key", c.dtc().key());
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

    /**
     * Adds a firing unless the rule is only a condition of composite rules, or it fired for this vehicle
     * less than its cooldown ago (vehicle time): then it is counted as held back.
     */
    private List<RuleFiring> emit(List<RuleFiring> out, VehicleState state, RuleMeta meta, long ts,
                                  Map<String, Object> trigger) {
        if (meta.conditionOnly()) {
            return out;
        }
        Long last = state.lastFired(meta.id());
        if (last != null && !meta.cooldown().isZero() && ts - last < meta.cooldown().toMillis()) {
            cooledDown.increment();
            return out;
        }
        state.lastFired(meta.id(), ts);
        firingsByRule.computeIfAbsent(meta.id(), k -> new LongAdder()).increment();
        List<RuleFiring> list = out == null ? new ArrayList<>(2) : out;
        list.add(new RuleFiring(meta, state.vin(), ts, trigger));
        return list;
    }

    /** Firings held back by a rule's cooldown since start. */
    public long cooledDown() {
        return cooledDown.sum();
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

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
import java.util.Locale;
import java.util.TreeMap;

/**
 * Evaluates the loaded rules against a vehicle's new data and returns the firings.
 *
 * <p>Threading: {@link #onSample} and {@link #onDtcReport} are called by ingest workers, each with the
 * state of a vehicle it owns; the rule set is immutable and swapped atomically, the counters are
 * thread-safe.
 */
public final class RuleEngine {
    /** The rules and the knowledge base they were loaded with, swapped together. */
    private record Loaded(RuleSet rules, KnowledgeBase knowledge) {
    }

    private volatile Loaded loaded;
    private final FleetStatistics fleet;
    private final LongAdder evaluations = new LongAdder();
    private final LongAdder cooledDown = new LongAdder();
    private final Map<String, LongAdder> firingsByRule = new ConcurrentHashMap<>();

    public RuleEngine(RuleSet rules, KnowledgeBase knowledge) {
        this(rules, knowledge, new FleetStatistics());
    }

    public RuleEngine(RuleSet rules, KnowledgeBase knowledge, FleetStatistics fleet) {
        this.loaded = new Loaded(rules, knowledge);
        this.fleet = fleet;
    }

    public KnowledgeBase knowledge() {
        return loaded.knowledge();
    }

    /**
     * Swaps in newly loaded rules and knowledge base (hot reload). Workers pick them up with their next
     * message; per-vehicle state of rules that kept their id carries over.
     */
    public void replace(RuleSet newRules, KnowledgeBase newKnowledge) {
        this.loaded = new Loaded(newRules, newKnowledge);
    }

    public RuleSet rules() {
        return loaded.rules();
    }

    /**
     * Evaluates the threshold and rate rules of every signal in a sample already applied to
     * {@code state}, then the composite rules.
     */
    public List<RuleFiring> onSample(VehicleState state, Sample sample) {
        RuleSet rs = loaded.rules();
        List<RuleFiring> out = null;
        long ts = sample.timestampMillis();
        boolean touched = false;
        for (int si = 0, sn = sample.scalarCount(); si < sn; si++) {
            String signal = sample.name(si);
            RuleSet.SignalRules fed = rs.forSignal(signal);
            if (fed == null) {
                continue;
            }
            double v = sample.value(si);
            List<ThresholdRule> thresholds = fed.thresholds();
            for (int i = 0; i < thresholds.size(); i++) {
                ThresholdRule r = thresholds.get(i);
                ThresholdRule.Step step = r.update(get(rs, state, r) instanceof ThresholdRule.State st ? st : null, ts, v);
                put(rs, state, r, step.state() == ThresholdRule.State.IDLE ? null : step.state());
                evaluations.increment();
                touched = true;
                if (step.fire()) {
                    out = emit(out, state, r.meta(), ts, r.trigger(step.state(), ts, v));
                }
            }
            List<RateRule> rates = fed.rates();
            for (int i = 0; i < rates.size(); i++) {
                RateRule r = rates.get(i);
                RateRule.Step step = r.update(get(rs, state, r) instanceof RateRule.State st ? st : null, ts, v);
                put(rs, state, r, step.state());
                evaluations.increment();
                touched = true;
                if (step.fire()) {
                    out = emit(out, state, r.meta(), ts, r.trigger(step.state(), ts, v, step.rate()));
                }
            }
            List<OutlierRule> outliers = fed.outliers();
            for (int i = 0; i < outliers.size(); i++) {
                OutlierRule r = outliers.get(i);
                OutlierRule.Finding f = switch (r.method()) {
                    case SPREAD -> {
                        TimedValue max = state.latest(r.signal());
                        TimedValue min = state.latest(r.minSignal());
                        yield max == null || min == null || ts - Math.min(max.ts(), min.ts()) > STALE_MILLIS
                                ? null : r.spread(max.value(), min.value());
                    }
                    case FLEET -> r.fleet(fleet.update(OutlierRule.modelOf(state.vin().value()), r.signal(),
                            state.vin().value(), v));
                    case CELLS -> null;
                };
                if (f != null) {
                    evaluations.increment();
                    touched = true;
                    out = episode(rs, out, state, r, ts, f);
                }
            }
            List<ForecastRule> forecasts = fed.forecasts();
            for (int i = 0; i < forecasts.size(); i++) {
                ForecastRule r = forecasts.get(i);
                ForecastRule.State st = get(rs, state, r) instanceof ForecastRule.State f ? f : null;
                if (st == null) {
                    st = r.newState();
                    put(rs, state, r, st);
                }
                evaluations.increment();
                boolean expected = r.update(st, ts, v, name -> {
                    TimedValue tv = state.latest(name);
                    return tv == null ? null : tv.value();
                });
                if (expected && allowed(state, r.meta(), ts)) {
                    st.markFired(); // once per history, counted only when the warning really goes out
                    out = emit(out, state, r.meta(), ts, r.trigger(st));
                }
            }
        }
        for (Map.Entry<String, double[]> a : sample.arrays().entrySet()) {
            for (OutlierRule r : rs.outliersFor(a.getKey())) {
                if (r.method() == OutlierRule.Method.CELLS) {
                    evaluations.increment();
                    touched = true;
                    out = episode(rs, out, state, r, ts, r.cells(a.getValue()));
                }
            }
        }
        if (touched) {
            out = composites(rs, state, ts, out);
        }
        return out == null ? List.of() : out;
    }

    /** An outlier fires when it starts; its episode lasts until the value is back inside the bound. */
    private List<RuleFiring> episode(RuleSet rs, List<RuleFiring> out, VehicleState state, OutlierRule r, long ts,
                                     OutlierRule.Finding f) {
        boolean before = get(rs, state, r) instanceof OutlierSeen;
        put(rs, state, r, f.outlier() ? new OutlierSeen(ts) : null);
        if (f.outlier() && !before) {
            Map<String, Object> t = new LinkedHashMap<>(f.evidence());
            t.put("method", r.method().name().toLowerCase(Locale.ROOT));
            t.put("signal", r.signal());
            return emit(out, state, r.meta(), ts, t);
        }
        return out;
    }

    private List<RuleFiring> composites(RuleSet rs, VehicleState state, long ts, List<RuleFiring> out) {
        for (CompositeRule c : rs.composites()) {
            List<Boolean> active = new ArrayList<>(c.of().size());
            for (String ref : c.of()) {
                Rule part = rs.byId(ref);
                active.add(part != null && active(part, get(rs, state, part), ts));
            }
            evaluations.increment();
            boolean now = c.combine(active);
            boolean before = Boolean.TRUE.equals(get(rs, state, c));
            put(rs, state, c, now ? Boolean.TRUE : null);
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

    /**
     * Whether a part's state says its condition is met for the vehicle now: a threshold or rate rule that
     * fired and has heard from the signal within its maxGap, an outlier seen within five minutes, an
     * active combination.
     */
    private static boolean active(Rule part, Object ruleState, long now) {
        if (part instanceof ThresholdRule t && ruleState instanceof ThresholdRule.State s) {
            return s.fired() && now - s.lastTs() <= t.maxGap().toMillis();
        }
        if (part instanceof RateRule r && ruleState instanceof RateRule.State s) {
            return s.fired() && now - s.lastTs() <= r.maxGap().toMillis();
        }
        if (ruleState instanceof OutlierSeen o) {
            return now - o.ts() <= STALE_MILLIS;
        }
        return Boolean.TRUE.equals(ruleState);
    }

    /** An outlier's episode: active since it was last seen at {@code ts}. */
    record OutlierSeen(long ts) {
    }

    /** How long a value counts as current for combinations and spreads when nothing newer arrives. */
    private static final long STALE_MILLIS = 300_000;

    /**
     * Applies an ECU's report to the vehicle's DTC lifecycle and fires, for each active DTC, every
     * {@code dtc} rule it meets (once per episode of the DTC); a DTC no {@code dtc} rule handles goes to
     * the knowledge-base rules.
     */
    public List<RuleFiring> onDtcReport(VehicleState state, DtcReport report) {
        Loaded now = loaded;
        RuleSet rs = now.rules();
        KnowledgeBase knowledge = now.knowledge();
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
        kb.ifPresent(k -> {
            t.put("description", k.description());
            t.put("system", k.system());
        });
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
        if (!allowed(state, meta, ts)) {
            cooledDown.increment();
            return out;
        }
        state.lastFired(meta.id(), ts);
        firingsByRule.computeIfAbsent(meta.id(), k -> new LongAdder()).increment();
        List<RuleFiring> list = out == null ? new ArrayList<>(2) : out;
        list.add(new RuleFiring(meta, state.vin(), ts, trigger));
        return list;
    }

    /** The vehicle's state for this rule of the rule set {@code rs}, or null. */
    private static Object get(RuleSet rs, VehicleState vs, Rule r) {
        int i = rs.slot(r);
        return i < 0 ? null : slots(rs, vs)[i];
    }

    private static void put(RuleSet rs, VehicleState vs, Rule r, Object state) {
        int i = rs.slot(r);
        if (i >= 0) {
            slots(rs, vs)[i] = state;
        }
    }

    /**
     * The vehicle's rule states, one slot per rule of {@code rs} (an array, not a map: a vehicle's state is
     * usually cold in the CPU cache when its next message comes). After a reload the states move to the
     * new rule set's slots; a rule that changed starts afresh, one that is unchanged keeps its state.
     */
    private static Object[] slots(RuleSet rs, VehicleState vs) {
        if (vs.ruleSlotsOwner() == rs) {
            return vs.ruleSlots();
        }
        Object[] fresh = new Object[rs.size()];
        if (vs.ruleSlotsOwner() instanceof RuleSet old) {
            Object[] before = vs.ruleSlots();
            for (int i = 0; i < before.length; i++) {
                if (before[i] != null) {
                    Rule was = old.all().get(i);
                    Rule now = rs.byId(was.id());
                    if (now != null && now.equals(was)) {
                        fresh[rs.slot(now)] = before[i];
                    }
                }
            }
        }
        vs.ruleSlots(rs, fresh);
        return fresh;
    }

    /** A rule's current state for a vehicle (for reports such as replay's forecasts), or null. */
    public Object stateOf(VehicleState vs, Rule r) {
        return get(loaded.rules(), vs, r);
    }

    /** Whether the rule's cooldown lets it fire for this vehicle at this vehicle time. */
    private static boolean allowed(VehicleState state, RuleMeta meta, long ts) {
        Long last = state.lastFired(meta.id());
        return last == null || meta.cooldown().isZero() || ts - last >= meta.cooldown().toMillis();
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
        Map<String, Long> m = new TreeMap<>();
        firingsByRule.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}

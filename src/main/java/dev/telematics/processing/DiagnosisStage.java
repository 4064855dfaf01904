package dev.telematics.processing;

import dev.telematics.cases.Evidence;
import dev.telematics.dtc.DtcChange;
import dev.telematics.dtc.DtcView;
import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.dtc.KnowledgeEntry;
import dev.telematics.rules.RuleFiring;
import dev.telematics.vehicle.TimedValue;
import dev.telematics.vehicle.VehicleState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Diagnosis: the evidence a technician sees of a firing, bounded by {@link Evidence.Limits} so that no car
 * can make a firing copy more than a fixed amount into its case. The trigger values; the car's latest
 * signals and their newest history points (the signals the trigger names first, then by name); the most
 * relevant active DTCs, decoded and explained from the knowledge base (the firing's own code, on its ECU
 * then on others, then confirmed before pending, then the most recently seen); and the knowledge base's
 * entry for the DTC that fired (causes, checks, parts, skill). What did not fit is counted in the evidence.
 *
 * <p>Work: one pass per message over the car's active DTCs (at most 64 ECUs x 500 codes), shared by the
 * message's firings ({@link ActiveDtcs}), keeping the most relevant in a bounded heap; per firing only the
 * chosen ones are decoded into views. Stateless: safe on every processing thread.
 */
public final class DiagnosisStage implements FiringStage {
    private final Supplier<KnowledgeBase> knowledge;
    private final Evidence.Limits limits;

    /** {@code knowledge}: the knowledge base in force (it changes when the rules are reloaded). */
    public DiagnosisStage(Supplier<KnowledgeBase> knowledge) {
        this(knowledge, Evidence.Limits.DEFAULTS);
    }

    public DiagnosisStage(Supplier<KnowledgeBase> knowledge, Evidence.Limits limits) {
        this.knowledge = Objects.requireNonNull(knowledge, "knowledge");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public void process(Firing firing) {
        VehicleState state = firing.state();
        RuleFiring f = firing.rule();
        KnowledgeBase kb = knowledge.get();
        Object key = f.trigger().get("key");
        ActiveDtcs active = firing.batch().dtcs(state, limits.dtcs());
        List<DtcChange> chosen = active.mostRelevant(key, f.trigger().get("ecu"), limits.dtcs());
        Optional<String> maker = kb.manufacturerOf(state.vin());
        List<DtcView> views = new ArrayList<>(chosen.size());
        for (DtcChange c : chosen) {
            views.add(DtcView.of(c, kb.lookup(c.dtc(), state.vin()), maker));
        }
        Signals s = signals(state, f.trigger());
        firing.evidence(new Evidence(Instant.ofEpochMilli(f.vehicleTimestampMillis()), f.trigger(), s.scalars,
                s.arrays, s.recent, views, diagnosis(kb, state, active.of(key)), active.total() - chosen.size(),
                s.omitted, s.pointsOmitted, null));
    }

    /** The knowledge-base entries of the DTC that made this rule fire (none for signal rules), each once. */
    private static List<KnowledgeEntry> diagnosis(KnowledgeBase kb, VehicleState state, List<DtcChange> fired) {
        List<KnowledgeEntry> out = new ArrayList<>(1);
        for (DtcChange c : fired) { // one entry however many ECUs report the code (the same instance)
            kb.lookup(c.dtc(), state.vin()).filter(k -> out.stream().noneMatch(x -> x == k)).ifPresent(out::add);
        }
        return out;
    }

    private record Signals(Map<String, Double> scalars, Map<String, double[]> arrays,
                           Map<String, List<TimedValue>> recent, int omitted, int pointsOmitted) {
    }

    /** The signals the trigger names, then the others by name, up to the limit; each with its newest points. */
    private Signals signals(VehicleState state, Map<String, Object> trigger) {
        Map<String, Double> scalars = state.snapshot();
        Map<String, double[]> arrays = state.arraySnapshot();
        Map<String, List<TimedValue>> history = state.recentHistory();
        Set<String> order = new LinkedHashSet<>();
        Set<String> named = new TreeSet<>();
        signalsNamed(trigger, named, 0);
        for (String n : named) {
            if (scalars.containsKey(n) || arrays.containsKey(n)) {
                order.add(n);
            }
        }
        TreeSet<String> rest = new TreeSet<>(scalars.keySet());
        rest.addAll(arrays.keySet());
        order.addAll(rest);
        Map<String, Double> s = new LinkedHashMap<>();
        Map<String, double[]> a = new LinkedHashMap<>();
        Map<String, List<TimedValue>> r = new LinkedHashMap<>();
        int copied = 0;
        int pointsOmitted = 0;
        int perSignal = limits.historyPointsPerSignal();
        for (String n : order) {
            List<TimedValue> points = history.getOrDefault(n, List.of());
            if (copied >= limits.signals()) {
                pointsOmitted += points.size();
                continue;
            }
            copied++;
            if (scalars.containsKey(n)) {
                s.put(n, scalars.get(n));
            }
            if (arrays.containsKey(n)) {
                a.put(n, arrays.get(n));
            }
            if (history.containsKey(n)) {
                int keep = Math.min(points.size(), perSignal);
                pointsOmitted += points.size() - keep;
                r.put(n, keep == points.size() ? points
                        : List.copyOf(points.subList(points.size() - keep, points.size()))); // the newest
            }
        }
        return new Signals(s, a, r, order.size() - copied, pointsOmitted);
    }

    /** Signal paths the trigger names ({@code signal}, {@code dividedBy}), also in nested parts (composites). */
    private static void signalsNamed(Object value, Set<String> out, int depth) {
        if (depth > 4) {
            return;
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                boolean names = "signal".equals(e.getKey()) || "dividedBy".equals(e.getKey());
                if (names && e.getValue() instanceof String sig) {
                    out.add(sig);
                } else {
                    signalsNamed(e.getValue(), out, depth + 1);
                }
            }
        } else if (value instanceof Collection<?> c) {
            for (Object o : c) {
                signalsNamed(o, out, depth + 1);
            }
        }
    }
}

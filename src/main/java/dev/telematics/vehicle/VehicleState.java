package dev.telematics.vehicle;

import dev.telematics.dtc.DtcLifecycle;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;

/**
 * What the engine knows of one vehicle: its latest signals, a short history of each, the active fault
 * codes by ECU, and the per-rule state of the rule engine.
 *
 * <p>Threading: not thread-safe. A vehicle's state is touched only by the ingest worker that owns the
 * vehicle (messages of one VIN always go to the same worker), so no lock is needed. Anything handed to
 * other threads is an immutable snapshot ({@link #snapshot()}, {@link #recentHistory()}).
 */
public final class VehicleState {
    private final Vin vin;
    private final int historyCapacity;
    private final Duration historyWindow;
    private final Map<String, double[]> latestArrays = new HashMap<>();
    private final Map<String, SignalHistory> history = new HashMap<>();
    private final DtcLifecycle dtcs;
    private Object ruleSlotsOwner;
    private Object[] ruleSlots = new Object[0];
    private final Map<String, Long> lastFired = new HashMap<>();
    private long lastTimestamp = -1;
    private long lastSequence = Sample.NO_SEQUENCE;
    private long samples;
    private long savedStamp = -1;

    public VehicleState(Vin vin, int historyCapacity, Duration historyWindow) {
        this(vin, historyCapacity, historyWindow, new DtcLifecycle());
    }

    private VehicleState(Vin vin, int historyCapacity, Duration historyWindow, DtcLifecycle dtcs) {
        this.vin = vin;
        this.historyCapacity = historyCapacity;
        this.historyWindow = historyWindow;
        this.dtcs = dtcs;
    }

    /**
     * A vehicle's state as it was saved, without rule states (the rule engine restores those by rule id).
     * A history longer than {@code historyCapacity} keeps its newest values. The restored state counts as
     * saved ({@link #changedSinceSaved()} is false until it changes).
     */
    public static VehicleState restore(VehicleSnapshot s, int historyCapacity, Duration historyWindow) {
        VehicleState v = new VehicleState(Vin.of(s.vin()), historyCapacity, historyWindow,
                DtcLifecycle.restore(s.dtcs(), s.dtcReportTimes()));
        s.histories().forEach((name, h) -> {
            SignalHistory ring = new SignalHistory(historyCapacity);
            for (int i = Math.max(0, h.timestamps().length - historyCapacity); i < h.timestamps().length; i++) {
                ring.add(h.timestamps()[i], h.values()[i]);
            }
            v.history.put(name, ring);
        });
        s.arrays().forEach((name, a) -> v.latestArrays.put(name, a.clone()));
        v.lastFired.putAll(s.lastFired());
        v.lastTimestamp = s.lastTimestamp();
        v.lastSequence = s.lastSequence();
        v.samples = s.samples();
        v.savedStamp = v.changeStamp();
        return v;
    }

    /**
     * This state as plain values (copies), with the rule states the rule engine exported. Call on the
     * vehicle's worker, like everything else here.
     */
    public VehicleSnapshot export(List<VehicleSnapshot.RuleState> ruleStates) {
        Map<String, VehicleSnapshot.History> h = new TreeMap<>();
        history.forEach((name, ring) -> h.put(name, new VehicleSnapshot.History(ring.timestamps(), ring.values())));
        Map<String, double[]> arrays = new TreeMap<>();
        latestArrays.forEach((k, a) -> arrays.put(k, a.clone()));
        return new VehicleSnapshot(VehicleSnapshot.FORMAT, vin.value(), lastTimestamp, lastSequence, samples, h, arrays,
                dtcs.export(), dtcs.exportReportTimes(), new TreeMap<>(lastFired), ruleStates);
    }

    /** Grows with every sample and DTC change (rule states and firings change only with those). */
    private long changeStamp() {
        return samples + dtcs.changes();
    }

    /** Whether anything changed since the last {@link #markSaved()} (or the restore). */
    public boolean changedSinceSaved() {
        return changeStamp() != savedStamp;
    }

    /** Marks the state as it is now as saved. */
    public void markSaved() {
        savedStamp = changeStamp();
    }

    public Vin vin() {
        return vin;
    }

    /**
     * Applies a sample that is not older than the latest one, and returns true. A sample older than the
     * latest (the car sent it late) changes nothing and returns false: it is superseded for the live
     * state, the rules and the history. So does the latest sample again (same time and the same message
     * sequence number): a QoS 1 message the car sent a second time because it never saw the acknowledgement of
     * the first (a connection or a cluster node lost in between).
     */
    public boolean apply(Sample sample) {
        long ts = sample.timestampMillis();
        if (ts < lastTimestamp || ts == lastTimestamp && sample.sequence() != Sample.NO_SEQUENCE
                && sample.sequence() == lastSequence) {
            return false;
        }
        for (int i = 0, n = sample.scalarCount(); i < n; i++) {
            String name = sample.name(i);
            SignalHistory h = history.get(name);
            if (h == null) {
                h = new SignalHistory(historyCapacity);
                history.put(name, h);
            }
            h.add(ts, sample.value(i)); // the newest entry of the history is the latest value
        }
        if (!sample.arrays().isEmpty()) {
            latestArrays.putAll(sample.arrays());
        }
        lastTimestamp = ts;
        lastSequence = sample.sequence();
        samples++;
        return true;
    }

    /** The latest value of a scalar signal, or null when the vehicle never sent it. */
    public TimedValue latest(String signal) {
        SignalHistory h = history.get(signal);
        return h == null ? null : h.last();
    }

    public long lastTimestamp() {
        return lastTimestamp;
    }

    public long lastSequence() {
        return lastSequence;
    }

    public long sampleCount() {
        return samples;
    }

    /** Latest value of every scalar signal (immutable copy, sorted by path). */
    public Map<String, Double> snapshot() {
        Map<String, Double> out = new TreeMap<>();
        history.forEach((k, h) -> out.put(k, h.last().value()));
        return out;
    }

    /** Latest value of every array signal, e.g. all cell voltages (copies, sorted by path). */
    public Map<String, double[]> arraySnapshot() {
        Map<String, double[]> out = new TreeMap<>();
        latestArrays.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /** Each signal's values within the history window before the latest sample, oldest first (copy). */
    public Map<String, List<TimedValue>> recentHistory() {
        long since = lastTimestamp - historyWindow.toMillis();
        Map<String, List<TimedValue>> out = new TreeMap<>();
        history.forEach((k, h) -> out.put(k, List.copyOf(h.since(since))));
        return out;
    }

    /** The vehicle's DTCs per ECU: state, first and last seen, occurrences (owned by this state's worker). */
    public DtcLifecycle dtcs() {
        return dtcs;
    }

    /** What the rule engine's state slots belong to (its rule set), or null before the first rule ran. */
    public Object ruleSlotsOwner() {
        return ruleSlotsOwner;
    }

    /** The rule engine's per-rule states, indexed as the owner says (changed in place by the engine). */
    public Object[] ruleSlots() {
        return ruleSlots;
    }

    /** Replaces the rule engine's states, e.g. after the rules were reloaded. */
    public void ruleSlots(Object owner, Object[] slots) {
        this.ruleSlotsOwner = owner;
        this.ruleSlots = Objects.requireNonNull(slots, "slots");
    }

    /** The vehicle timestamp at which a rule last fired for this vehicle, or null. */
    public Long lastFired(String ruleId) {
        return lastFired.get(ruleId);
    }

    public void lastFired(String ruleId, long ts) {
        lastFired.put(ruleId, ts);
    }

}

package dev.telematics.vehicle;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
    private final Map<String, TimedValue> latest = new HashMap<>();
    private final Map<String, SignalHistory> history = new HashMap<>();
    private final Map<String, Set<String>> activeDtcsByEcu = new TreeMap<>();
    private final Map<String, Object> ruleStates = new HashMap<>();
    private long lastTimestamp = -1;
    private long lastSequence = Sample.NO_SEQUENCE;
    private long samples;

    public VehicleState(Vin vin, int historyCapacity, Duration historyWindow) {
        this.vin = vin;
        this.historyCapacity = historyCapacity;
        this.historyWindow = historyWindow;
    }

    public Vin vin() {
        return vin;
    }

    /** Applies a sample. Returns false (and changes nothing but the history) when it is older than the latest. */
    public boolean apply(Sample sample) {
        long ts = sample.timestampMillis();
        boolean inOrder = ts >= lastTimestamp;
        for (Map.Entry<String, Double> e : sample.scalars().entrySet()) {
            double v = e.getValue();
            history.computeIfAbsent(e.getKey(), k -> new SignalHistory(historyCapacity)).add(ts, v);
            if (inOrder) {
                latest.put(e.getKey(), new TimedValue(ts, v));
            }
        }
        if (inOrder) {
            lastTimestamp = ts;
            lastSequence = sample.sequence();
        }
        samples++;
        return inOrder;
    }

    public TimedValue latest(String signal) {
        return latest.get(signal);
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

    /** Latest value of every signal (immutable copy, sorted by path). */
    public Map<String, Double> snapshot() {
        Map<String, Double> out = new TreeMap<>();
        latest.forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    /** Each signal's values within the history window before the latest sample (immutable copy). */
    public Map<String, List<TimedValue>> recentHistory() {
        long since = lastTimestamp - historyWindow.toMillis();
        Map<String, List<TimedValue>> out = new TreeMap<>();
        history.forEach((k, h) -> out.put(k, List.copyOf(h.since(since))));
        return out;
    }

    /** Replaces the active codes of one ECU; returns the codes that were not active before. */
    public Set<String> replaceDtcs(String ecu, Set<String> codes) {
        Set<String> previous = activeDtcsByEcu.getOrDefault(ecu, Set.of());
        Set<String> added = new java.util.TreeSet<>(codes);
        added.removeAll(previous);
        if (codes.isEmpty()) {
            activeDtcsByEcu.remove(ecu);
        } else {
            activeDtcsByEcu.put(ecu, Set.copyOf(codes));
        }
        return added;
    }

    /** Active codes by ECU (immutable copy). */
    public Map<String, Set<String>> activeDtcs() {
        return Map.copyOf(activeDtcsByEcu);
    }

    /** The rule engine's state for one rule (null when none yet). */
    @SuppressWarnings("unchecked")
    public <T> T ruleState(String ruleId) {
        return (T) ruleStates.get(ruleId);
    }

    public void ruleState(String ruleId, Object state) {
        if (state == null) {
            ruleStates.remove(ruleId);
        } else {
            ruleStates.put(ruleId, state);
        }
    }
}

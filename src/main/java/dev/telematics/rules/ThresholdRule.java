package dev.telematics.rules;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A signal beyond a limit for at least a duration, e.g. 12 V battery below 11.8 V for 60 s. The hold
 * time runs on the vehicle's own timestamps, so it does not depend on network delays. A gap between
 * two samples longer than {@code maxGap} (the car was offline) starts the episode again: nobody knows
 * what the signal did meanwhile.
 *
 * <p>{@link #update} is a pure function of the previous state and a new value: it fires once per
 * episode, and re-arms when the condition clears.
 */
public record ThresholdRule(RuleMeta meta, String signal, Operator operator, double limit, Duration holdFor,
                            Duration maxGap) implements Rule {

    public static final Duration DEFAULT_MAX_GAP = Duration.ofMinutes(5);

    public enum Operator { BELOW, ABOVE }

    /**
     * Since when the condition holds (-1: it does not), the timestamp of the last sample that met it,
     * and whether this episode has fired.
     */
    public record State(long conditionSince, long lastTs, boolean fired) {
        public static final State IDLE = new State(-1, -1, false);
    }

    /** The next state, and whether the rule fires on this value. */
    public record Step(State state, boolean fire) {
    }

    public ThresholdRule {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(holdFor, "holdFor");
        Objects.requireNonNull(maxGap, "maxGap");
        if (!Double.isFinite(limit)) {
            throw new IllegalArgumentException("limit must be a finite number");
        }
        if (holdFor.isNegative()) {
            throw new IllegalArgumentException("hold duration must not be negative");
        }
        if (maxGap.isNegative() || maxGap.isZero()) {
            throw new IllegalArgumentException("maxGap must be positive");
        }
    }

    public boolean conditionHolds(double value) {
        return operator == Operator.BELOW ? value < limit : value > limit;
    }

    public Step update(State previous, long ts, double value) {
        State s = previous == null ? State.IDLE : previous;
        if (!conditionHolds(value)) {
            return new Step(State.IDLE, false);
        }
        boolean newEpisode = s.conditionSince() < 0 || ts - s.lastTs() > maxGap.toMillis();
        long since = newEpisode ? ts : s.conditionSince();
        boolean firedBefore = !newEpisode && s.fired();
        boolean fire = !firedBefore && ts - since >= holdFor.toMillis();
        return new Step(new State(since, ts, firedBefore || fire), fire);
    }

    /** The evidence of a firing: what crossed, how far, for how long. */
    public Map<String, Object> trigger(State state, long ts, double value) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("signal", signal);
        t.put("value", value);
        t.put("operator", operator.name().toLowerCase(java.util.Locale.ROOT));
        t.put("limit", limit);
        t.put("requiredMs", holdFor.toMillis());
        t.put("heldMs", ts - state.conditionSince());
        t.put("conditionSince", java.time.Instant.ofEpochMilli(state.conditionSince()).toString());
        return t;
    }
}

package dev.telematics.rules;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.time.Instant;
import java.util.Locale;

/**
 * A signal beyond a limit for at least a duration, e.g. 12 V battery below 11.8 V for 60 s. The hold
 * time runs on the vehicle's own timestamps, so it does not depend on network delays. A gap between
 * two samples longer than {@code maxGap} (the car was offline) starts the episode again: nobody knows
 * what the signal did meanwhile.
 *
 * <p>Hysteresis: once fired, the episode lasts until the value is back past {@code clearAt} (for
 * {@code below: 11.8, clearAt: 12.2}, until it reaches 12.2 V), so a value hovering at the limit does
 * not fire again and again. Without {@code clearAt} the limit itself clears.
 *
 * <p>{@link #update} is a pure function of the previous state and a new value: it fires once per
 * episode, and re-arms when the condition clears.
 */
public record ThresholdRule(RuleMeta meta, String signal, Operator operator, double limit, double clearAt,
                            Duration holdFor, Duration maxGap) implements Rule {

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
        if (!Double.isFinite(limit) || !Double.isFinite(clearAt)) {
            throw new IllegalArgumentException("limit and clearAt must be finite numbers");
        }
        if (operator == Operator.BELOW ? clearAt < limit : clearAt > limit) {
            throw new IllegalArgumentException("'clearAt' " + clearAt + " must lie on the normal side of the limit "
                    + limit + " (" + (operator == Operator.BELOW ? ">=" : "<=") + " " + limit + ")");
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

    /** Whether a fired episode is over: the value is back at or past {@code clearAt}. */
    public boolean cleared(double value) {
        return operator == Operator.BELOW ? value >= clearAt : value <= clearAt;
    }

    public Step update(State previous, long ts, double value) {
        State s = previous == null ? State.IDLE : previous;
        if (s.fired() && !cleared(value)) {
            // a fired episode lasts until the value is back at clearAt, whatever the gaps in between
            return new Step(new State(s.conditionSince(), ts, true), false);
        }
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
        t.put("operator", operator.name().toLowerCase(Locale.ROOT));
        t.put("limit", limit);
        if (clearAt != limit) {
            t.put("clearAt", clearAt);
        }
        t.put("requiredMs", holdFor.toMillis());
        t.put("heldMs", ts - state.conditionSince());
        t.put("conditionSince", Instant.ofEpochMilli(state.conditionSince()).toString());
        return t;
    }
}

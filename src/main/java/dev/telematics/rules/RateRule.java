package dev.telematics.rules;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.time.Instant;

/**
 * A signal changing at least as fast as a rate, for longer than a duration: e.g. traction battery
 * temperature rising at 1 degC/s or more for more than 3 s (the precursor condition (c) of
 * GB 38031-2020 Annex A). The rate is taken between consecutive samples, on the vehicle's timestamps;
 * the condition holds from the start of the first fast interval, so the rule fires on the first sample
 * at which it has held for more than {@code holdFor}: within one sample period of the condition being met.
 *
 * <p>{@link #update} is a pure function of the previous state and a new value; it fires once per
 * episode and re-arms when the rate drops below the limit.
 *
 * @param perSecond the rate limit in signal units per second, > 0
 * @param rising    true: the signal rises at least that fast; false: it falls at least that fast
 */
public record RateRule(RuleMeta meta, String signal, boolean rising, double perSecond, Duration holdFor,
                       Duration maxGap) implements Rule {

    /** The last sample, since when the rate holds (-1: it does not), and whether this episode fired. */
    public record State(long lastTs, double lastValue, long conditionSince, boolean fired) {
    }

    /** The next state, whether the rule fires, and the rate of the latest interval (NaN for a first sample). */
    public record Step(State state, boolean fire, double rate) {
    }

    public RateRule {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(holdFor, "holdFor");
        Objects.requireNonNull(maxGap, "maxGap");
        if (!(perSecond > 0) || !Double.isFinite(perSecond)) {
            throw new IllegalArgumentException("the rate must be a positive number per second");
        }
        if (holdFor.isNegative() || maxGap.isNegative() || maxGap.isZero()) {
            throw new IllegalArgumentException("'for' must not be negative and 'maxGap' must be positive");
        }
    }

    public Step update(State previous, long ts, double value) {
        if (previous != null && ts == previous.lastTs()) {
            return new Step(previous, false, Double.NaN); // the same sample again (a redelivery)
        }
        if (previous == null || ts < previous.lastTs() || ts - previous.lastTs() > maxGap.toMillis()) {
            return new Step(new State(ts, value, -1, false), false, Double.NaN);
        }
        double rate = (value - previous.lastValue()) * 1000.0 / (ts - previous.lastTs());
        boolean fast = rising ? rate >= perSecond : -rate >= perSecond;
        if (!fast) {
            return new Step(new State(ts, value, -1, false), false, rate);
        }
        long since = previous.conditionSince() < 0 ? previous.lastTs() : previous.conditionSince();
        boolean fire = !previous.fired() && ts - since > holdFor.toMillis();
        return new Step(new State(ts, value, since, previous.fired() || fire), fire, rate);
    }

    public Map<String, Object> trigger(State state, long ts, double value, double rate) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("signal", signal);
        t.put("value", value);
        t.put("ratePerSecond", rate);
        t.put("direction", rising ? "rising" : "falling");
        t.put("limitPerSecond", perSecond);
        t.put("requiredMs", holdFor.toMillis());
        t.put("heldMs", ts - state.conditionSince());
        t.put("conditionSince", Instant.ofEpochMilli(state.conditionSince()).toString());
        return t;
    }
}

package dev.telematics.rules;

import dev.telematics.predict.TrendForecaster;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A trend forecast: fits the signal's history ({@link TrendForecaster}) and fires when the signal is
 * expected past the limit within the horizon with at least the given confidence, e.g. traction battery
 * state of health below 80 % within 30 days with 90 % confidence.
 *
 * <p>The history keeps one point per {@code every} (the first sample of each period) and at most
 * {@code maxPoints}; age is counted from one step before its first point. A rise of at least
 * {@code resetRise} (a tire refilled, a battery recharged or replaced) starts a new history. Fires
 * once per history.
 *
 * <p>{@code divideBy} forecasts the ratio of the signal to another one (insulation resistance per volt
 * of pack voltage); {@code onlyWhen} uses only samples taken while another signal meets a condition for
 * at least {@code settle} (a 12 V battery's resting voltage: parked for two hours).
 */
public record ForecastRule(RuleMeta meta, String signal, boolean falling, double limit, Duration horizon,
                           double confidence, Duration every, int maxPoints, double resetRise, String divideBy,
                           Gate onlyWhen) implements Rule {

    public static final int MAX_POINTS = 10_000;
    public static final int MAX_STEPS_AHEAD = 2_000;

    /** Samples count only while {@code signal} is below / above a value, and has been for {@code settle}. */
    public record Gate(String signal, Double below, Double above, Duration settle) {
        public Gate {
            Objects.requireNonNull(signal, "signal");
            settle = settle == null ? Duration.ZERO : settle;
            if ((below == null) == (above == null)) {
                throw new IllegalArgumentException("'onlyWhen' needs exactly one of 'below' or 'above'");
            }
        }

        boolean open(double v) {
            return below != null ? v < below : v > above;
        }
    }

    /**
     * One vehicle's history for this rule. Mutable, owned by the vehicle's ingest worker (like all vehicle
     * state); {@link #update} changes it in place to avoid copying long series.
     */
    public static final class State {
        private final ForecastPoints points;
        private int n; // points.size(), kept here: most samples stop at the step check, reading only this object
        private double lastValue = Double.NaN;
        private long originTs;
        private long lastTs = Long.MIN_VALUE;
        private long gateSince = -1;
        private boolean fired;

        State(long step, int capacity, int initial) {
            points = new ForecastPoints(step, capacity, initial);
        }

        /** Marks this history as warned (after the engine let the warning out). */
        public void markFired() {
            fired = true;
        }

        public boolean fired() {
            return fired;
        }

        public int points() {
            return points.size();
        }
    }

    public ForecastRule {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(horizon, "horizon");
        Objects.requireNonNull(every, "every");
        if (!Double.isFinite(limit) || horizon.isNegative() || horizon.isZero() || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("a forecast needs a finite limit and positive 'horizon' and 'every'");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("'confidence' must be between 0 and 1 (e.g. 0.9)");
        }
        if (maxPoints < TrendForecaster.MIN_POINTS * 2 || maxPoints > MAX_POINTS) {
            throw new IllegalArgumentException("'maxPoints' must be " + TrendForecaster.MIN_POINTS * 2 + "-" + MAX_POINTS);
        }
        if (horizon.compareTo(every) < 0 || horizon.toMillis() / every.toMillis() > MAX_STEPS_AHEAD) {
            throw new IllegalArgumentException("'horizon' must be at least 'every' and at most " + MAX_STEPS_AHEAD
                    + " times it (the forecast looks ahead in steps of 'every')");
        }
        if (resetRise < 0) {
            throw new IllegalArgumentException("'resetRise' must not be negative");
        }
    }

    /**
     * Adds a sample to the vehicle's history (when {@code onlyWhen} allows, as a ratio when
     * {@code divideBy} is set) and says whether the crossing is now expected within the horizon with the
     * rule's confidence, for a history not yet warned ({@link State#markFired()} once the warning is out). {@code latest} gives the vehicle's
     * latest value of another signal, or null.
     */
    public boolean update(State s, long ts, double raw, Function<String, Double> latest) {
        if (onlyWhen != null) {
            Double g = latest.apply(onlyWhen.signal());
            if (g == null || !onlyWhen.open(g)) {
                s.gateSince = -1;
                return false;
            }
            if (s.gateSince < 0) {
                s.gateSince = ts;
            }
            if (ts - s.gateSince < onlyWhen.settle().toMillis()) {
                return false;
            }
        }
        double value = raw;
        if (divideBy != null) {
            Double d = latest.apply(divideBy);
            if (d == null || !(d > 0)) {
                return false;
            }
            value = raw / d;
        }
        return append(s, ts, value);
    }

    /** Adds a sample as it is (no gate, no ratio). */
    public boolean update(State s, long ts, double value) {
        return append(s, ts, value);
    }

    private boolean append(State s, long ts, double value) {
        if (!Double.isFinite(value)) {
            return false;
        }
        long step = every.toMillis();
        if (s.n > 0 && ts - s.lastTs < step) {
            return false;
        }
        ForecastPoints p = s.points;
        if (p.size() == 0 || (resetRise > 0 && value - p.lastValue() >= resetRise) || ts < s.lastTs) {
            p.clear();
            s.fired = false;
            s.originTs = ts - step;
        }
        if (p.size() == maxPoints) {
            p.keepNewest(p.size() / 2);
        }
        p.add(ts - s.originTs, value);
        s.n = p.size();
        s.lastTs = ts;
        s.lastValue = value;
        if (s.fired || p.size() < TrendForecaster.MIN_POINTS) {
            return false;
        }
        double horizonSteps = (double) horizon.toMillis() / step;
        double[] t = p.ages();
        double prob = TrendForecaster.probabilityCrossedBy(t, p.values(), t.length, limit, falling,
                t[t.length - 1] + horizonSteps);
        return prob >= confidence;
    }

    public State newState() {
        return new State(every.toMillis(), maxPoints, 32);
    }

    /** A state's whole numbers for a snapshot: points, originTs, lastTs, gateSince, fired (0/1). */
    long[] savedLongs(State s) {
        return new long[] {s.points.size(), s.originTs, s.lastTs, s.gateSince, s.fired ? 1 : 0};
    }

    /** A state's real numbers for a snapshot: lastValue, then the points' ages (in steps), then their values. */
    double[] savedDoubles(State s) {
        int n = s.points.size();
        double[] d = new double[1 + 2 * n];
        d[0] = s.lastValue;
        System.arraycopy(s.points.ages(), 0, d, 1, n);
        System.arraycopy(s.points.values(), 0, d, 1 + n, n);
        return d;
    }

    /** A state from {@link #savedLongs} and {@link #savedDoubles}; refused when it cannot be this rule's. */
    State restoreState(long[] l, double[] d) {
        if (l.length != 5 || l[0] < 0 || l[0] > maxPoints || d.length != 1 + 2 * l[0]) {
            throw new IllegalArgumentException("not a state of forecast rule " + id());
        }
        int n = (int) l[0];
        State s = new State(every.toMillis(), maxPoints, Math.max(32, n));
        for (int i = 0; i < n; i++) {
            s.points.addAge(d[1 + i], d[1 + n + i]);
        }
        s.n = n;
        s.lastValue = d[0];
        s.originTs = l[1];
        s.lastTs = l[2];
        s.gateSince = l[3];
        s.fired = l[4] != 0;
        return s;
    }

    /** The current forecast of a vehicle's history, in instants (null fields: not within the look-ahead). */
    public Prediction predict(State s) {
        int n = s.points.size();
        TrendForecaster.Forecast f = TrendForecaster.forecast(s.points.ages(), s.points.values(), n,
                limit, falling, MAX_STEPS_AHEAD);
        if (f == null) {
            return new Prediction(null, null, null, n, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long step = every.toMillis();
        return new Prediction(at(s, f.crossing(), step), at(s, f.intervalLow(), step), at(s, f.intervalHigh(), step),
                f.points(), f.effectivePoints(), f.r2(), f.residualSd(), f.slope());
    }

    private static Instant at(State s, Double steps, long step) {
        return steps == null ? null : Instant.ofEpochMilli(s.originTs + Math.round(steps * step));
    }

    /** A forecast in time: median crossing, 90 % interval, and the fit behind it. */
    public record Prediction(Instant crossing, Instant intervalLow, Instant intervalHigh, int points,
                             double effectivePoints, double r2, double residualSd, double slopePerStep) {
    }

    /** The evidence of a firing; {@code value} is the value forecast (the ratio, with {@code divideBy}). */
    public Map<String, Object> trigger(State s) {
        double value = s.lastValue;
        Prediction p = predict(s);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("signal", signal);
        if (divideBy != null) {
            m.put("dividedBy", divideBy);
        }
        m.put("value", value);
        m.put("limit", limit);
        m.put("direction", falling ? "falling" : "rising");
        m.put("horizon", horizon.toString());
        m.put("confidence", confidence);
        m.put("predictedCrossing", p.crossing() == null ? null : p.crossing().toString());
        m.put("intervalLow", p.intervalLow() == null ? null : p.intervalLow().toString());
        m.put("intervalHigh", p.intervalHigh() == null ? null : p.intervalHigh().toString());
        m.put("pointsUsed", p.points());
        m.put("r2", p.r2());
        m.put("residualSd", p.residualSd());
        m.put("slopePerStep", p.slopePerStep());
        return m;
    }
}

package dev.telematics.rules;

import dev.telematics.predict.TrendForecaster;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A trend forecast: fits the signal's history ({@link TrendForecaster}) and fires when the signal is
 * expected past the limit within the horizon with at least the given confidence, e.g. traction battery
 * state of health below 80 % within 30 days with 90 % confidence.
 *
 * <p>The history keeps one point per {@code every} (the first sample of each period) and at most
 * {@code maxPoints}; age is counted from one step before its first point. A rise of at least
 * {@code resetRise} (a tire refilled, a battery recharged or replaced) starts a new history. Fires
 * once per history.
 */
public record ForecastRule(RuleMeta meta, String signal, boolean falling, double limit, Duration horizon,
                           double confidence, Duration every, int maxPoints, double resetRise) implements Rule {

    /**
     * One vehicle's history for this rule. Mutable, owned by the vehicle's ingest worker (like all vehicle
     * state); {@link #update} changes it in place to avoid copying long series.
     */
    public static final class State {
        private final double[] t;
        private final double[] y;
        private int n;
        private long originTs;
        private long lastTs = Long.MIN_VALUE;
        private boolean fired;

        State(int capacity) {
            t = new double[capacity];
            y = new double[capacity];
        }

        public int points() {
            return n;
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
        if (maxPoints < TrendForecaster.MIN_POINTS * 2) {
            throw new IllegalArgumentException("'maxPoints' must be at least " + TrendForecaster.MIN_POINTS * 2);
        }
        if (resetRise < 0) {
            throw new IllegalArgumentException("'resetRise' must not be negative");
        }
    }

    /** Adds a sample to the vehicle's history and says whether the rule fires now. */
    public boolean update(State s, long ts, double value) {
        long step = every.toMillis();
        if (s.n > 0 && ts - s.lastTs < step) {
            return false;
        }
        if (s.n == 0 || (resetRise > 0 && value - s.y[s.n - 1] >= resetRise) || ts < s.lastTs) {
            s.n = 0;
            s.fired = false;
            s.originTs = ts - step;
        }
        if (s.n == s.t.length) {
            int keep = s.n / 2;
            System.arraycopy(s.t, s.n - keep, s.t, 0, keep);
            System.arraycopy(s.y, s.n - keep, s.y, 0, keep);
            s.n = keep;
        }
        s.t[s.n] = (double) (ts - s.originTs) / step;
        s.y[s.n] = value;
        s.n++;
        s.lastTs = ts;
        if (s.fired || s.n < TrendForecaster.MIN_POINTS) {
            return false;
        }
        double horizonSteps = (double) horizon.toMillis() / step;
        double p = TrendForecaster.probabilityCrossedBy(s.t, s.y, s.n, limit, falling, s.t[s.n - 1] + horizonSteps);
        s.fired = p >= confidence;
        return s.fired;
    }

    public State newState() {
        return new State(maxPoints);
    }

    /** The current forecast of a vehicle's history, in instants (null fields: not within the look-ahead). */
    public Prediction predict(State s) {
        TrendForecaster.Forecast f = TrendForecaster.forecast(Arrays.copyOf(s.t, s.n), Arrays.copyOf(s.y, s.n), s.n,
                limit, falling, 2000);
        if (f == null) {
            return new Prediction(null, null, null, s.n, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
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

    public Map<String, Object> trigger(State s, double value) {
        Prediction p = predict(s);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("signal", signal);
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

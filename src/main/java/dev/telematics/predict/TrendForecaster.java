package dev.telematics.predict;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Forecasts when a signal crosses a limit from its history, with a prediction interval.
 *
 * <p>Method (docs/prediction.md): three trend shapes g(t) = t^p (p = 0.5 decelerating, 1 straight,
 * 2 accelerating; age t counted from one sample step before the first point), each fitted by
 * exponentially weighted least squares whose half-life is a quarter of the history (recent data
 * weigh more), with residual autocorrelation widening the uncertainty. Each shape gives, with a
 * Student t distribution, the probability that the signal is past the limit at a future time; the
 * crossing time's distribution is their equal-weight average (made non-decreasing). The predicted
 * crossing is its median, the interval its 5 % and 95 % points. The shapes get equal weight because
 * past curvature is a poor guide to future curvature (a battery's fade bends).
 *
 * <p>Pure and stateless; thread-safe. Times are in sample steps since the origin.
 */
public final class TrendForecaster {
    public static final double HALF_LIFE_FRACTION = 0.25;
    public static final double[] SHAPES = {0.5, 1.0, 2.0};
    public static final int MIN_POINTS = 10;
    private static final double RHO_MAX = 0.95;
    private static final double MIN_DOF = 2.0;

    private TrendForecaster() {
    }

    /** One shape's weighted fit. */
    record Fit(double p, double a, double b, double xBar, double s2, double varA, double varB, double dof,
               double nEff, double r2, TDistribution t) {

        double probabilityPast(double tau, double limit, boolean falling) {
            double u = Math.pow(Math.max(tau, 0), p) - xBar;
            double mean = a + b * u;
            double sd = Math.sqrt(varA + varB * u * u + s2);
            double z = falling ? (limit - mean) / sd : (mean - limit) / sd;
            return t.cumulativeProbability(z);
        }
    }

    static Fit fit(double[] t, double[] y, int n, double p) {
        double now = t[n - 1];
        double span = Math.max(now - t[0], 1e-9);
        double h = HALF_LIFE_FRACTION * span;
        double[] w = new double[n];
        double[] x = new double[n];
        double sw = 0;
        double sw2 = 0;
        double swx = 0;
        double swy = 0;
        for (int i = 0; i < n; i++) {
            w[i] = Math.pow(0.5, (now - t[i]) / h);
            x[i] = Math.pow(Math.max(t[i], 0), p);
            sw += w[i];
            sw2 += w[i] * w[i];
            swx += w[i] * x[i];
            swy += w[i] * y[i];
        }
        double nEff = sw * sw / sw2;
        double xBar = swx / sw;
        double a = swy / sw;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += w[i] * (x[i] - xBar) * (x[i] - xBar);
            sxy += w[i] * (x[i] - xBar) * (y[i] - a);
        }
        double b = sxx > 0 ? sxy / sxx : 0;
        double swr2 = 0;
        double swyy = 0;
        double lag = 0;
        double sw2xx = 0;
        double prev = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - a - b * (x[i] - xBar);
            swr2 += w[i] * r * r;
            swyy += w[i] * (y[i] - a) * (y[i] - a);
            sw2xx += w[i] * w[i] * (x[i] - xBar) * (x[i] - xBar);
            if (i > 0) {
                lag += Math.sqrt(w[i] * w[i - 1]) * r * prev;
            }
            prev = r;
        }
        double s2 = swr2 / sw * nEff / Math.max(nEff - 2.0, 1.0);
        double rho = swr2 > 0 ? Math.min(Math.max(lag / swr2, 0.0), RHO_MAX) : 0;
        double inflation = (1 + rho) / (1 - rho);
        double dof = Math.max(nEff / inflation - 2.0, MIN_DOF);
        double varA = s2 * sw2 / (sw * sw) * inflation;
        double varB = sxx > 0 ? s2 * sw2xx / (sxx * sxx) * inflation : 0;
        double r2 = swyy > 0 ? 1.0 - swr2 / swyy : 0;
        return new Fit(p, a, b, xBar, s2, varA, varB, dof, nEff, r2, new TDistribution(null, dof));
    }

    private static List<Fit> fits(double[] t, double[] y, int n) {
        List<Fit> out = new ArrayList<>(SHAPES.length);
        for (double p : SHAPES) {
            out.add(fit(t, y, n, p));
        }
        return out;
    }

    private static double probabilityPast(List<Fit> fits, double tau, double limit, boolean falling) {
        double sum = 0;
        for (Fit f : fits) {
            sum += f.probabilityPast(tau, limit, falling);
        }
        return sum / fits.size();
    }

    /**
     * The probability that the signal is past the limit by {@code tau} steps (at most, looking at every
     * step from now on, since a crossing cannot be undone by a later dip).
     */
    public static double probabilityCrossedBy(double[] t, double[] y, int n, double limit, boolean falling,
                                              double tau) {
        if (n < MIN_POINTS) {
            return 0;
        }
        List<Fit> fits = fits(t, y, n);
        double best = 0;
        double now = t[n - 1];
        for (double s = now + 1; s <= tau + 1e-9; s += 1) {
            best = Math.max(best, probabilityPast(fits, s, limit, falling));
        }
        return best;
    }

    /**
     * The forecast from the first {@code n} points ({@code t} in steps since the origin, ascending):
     * median crossing and 90 % interval (null when not reached within {@code maxAhead} steps), with the
     * straight-line fit's quality. Null when there are fewer than {@link #MIN_POINTS} points.
     */
    public static Forecast forecast(double[] t, double[] y, int n, double limit, boolean falling, int maxAhead) {
        if (n < MIN_POINTS) {
            return null;
        }
        List<Fit> fits = fits(t, y, n);
        double now = t[n - 1];
        Double low = null;
        Double median = null;
        Double high = null;
        double f = 0;
        for (int k = 1; k <= maxAhead && high == null; k++) {
            double tau = now + k;
            f = Math.max(f, probabilityPast(fits, tau, limit, falling));
            if (low == null && f >= 0.05) {
                low = tau;
            }
            if (median == null && f >= 0.5) {
                median = tau;
            }
            if (f >= 0.95) {
                high = tau;
            }
        }
        Fit line = fits.get(1);
        return new Forecast(median, low, high, n, line.nEff(), line.r2(), Math.sqrt(line.s2()), line.b());
    }

    /**
     * @param crossing     steps since the origin at which the signal is expected past the limit (median), or null
     * @param intervalLow  the 5 % point, or null
     * @param intervalHigh the 95 % point, or null (beyond the look-ahead)
     * @param points       points used
     * @param effectivePoints Kish effective sample size of the weighted fit
     * @param r2           weighted R^2 of the straight-line fit
     * @param residualSd   residual standard deviation, in signal units
     * @param slope        the straight-line slope, signal units per step
     */
    public record Forecast(Double crossing, Double intervalLow, Double intervalHigh, int points,
                           double effectivePoints, double r2, double residualSd, double slope) {
    }
}

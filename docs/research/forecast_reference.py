"""Trend-forecast rule: reference implementation (port to Java + commons-math3).

Per model m (shape exponent p_m), exponentially weighted least squares (EWLS):
    y_i = a + b * (g(t_i) - gbar) + e_i,   g(t) = (t - origin) ** p
    w_i = 0.5 ** ((t_now - t_i) / h),      h = HALF_LIFE_FRAC * (t_now - t_first)
p = 1 is the straight line; p = 0.5 a decelerating (sqrt-age, SEI-type) fade; p = 2 an
accelerating (knee-type) fade.  The models are NOT selected by the data: the three shapes
get fixed equal prior weight, because past curvature is a poor guide to future curvature.

Probability that the signal is beyond the limit at a future time tau (model m):
    F_m(tau) = T_dof( (L - yhat_m(tau)) / sd_m(tau) )          (direction "down")
    sd_m(tau)^2 = Var(a) + Var(b) * u^2 + s^2,  u = g(tau) - gbar
    Var(a), Var(b): sandwich EWLS variances x AR(1) inflation (1+rho)/(1-rho)
F(tau) = mean_m F_m(tau)  is the (mixture) CDF of the crossing time.
Prediction: median = first tau with F >= 0.5; 90 % interval = [F^-1(0.05), F^-1(0.95)].
Warning: fire iff F(now + H) >= 0.90.
Java: new TDistribution(dof).cumulativeProbability(x).
"""
import numpy as np
from scipy import stats

HALF_LIFE_FRAC = 0.25        # newest quarter of the history carries ~half of the weight
SHAPES = (0.5, 1.0, 2.0)     # sqrt-age, linear, quadratic-age; equal prior weight
MIN_POINTS = 10
RHO_MAX = 0.95
MIN_DOF = 2.0

def fit_model(t, y, p=1.0, origin=0.0, frac=HALF_LIFE_FRAC):
    t = np.asarray(t, float); y = np.asarray(y, float)
    now = t[-1]; span = max(now - t[0], 1e-9)
    w = 0.5 ** ((now - t) / (frac * span))
    g = lambda tt: np.maximum(np.asarray(tt, float) - origin, 0.0) ** p
    x = g(t)
    sw = w.sum(); sw2 = (w * w).sum()
    neff = sw * sw / sw2                                   # Kish effective sample size
    xb = (w * x).sum() / sw; a = (w * y).sum() / sw        # a = fitted value at x = xb
    Sxx = (w * (x - xb) ** 2).sum()
    b = (w * (x - xb) * (y - a)).sum() / Sxx
    r = y - a - b * (x - xb)
    s2 = (w * r * r).sum() / sw * neff / max(neff - 2.0, 1.0)
    rho = np.sum(np.sqrt(w[1:] * w[:-1]) * r[1:] * r[:-1]) / np.sum(w * r * r)
    rho = min(max(rho, 0.0), RHO_MAX)
    infl = (1 + rho) / (1 - rho)
    dof = max(neff / infl - 2.0, MIN_DOF)
    va = s2 * sw2 / sw ** 2 * infl
    vb = s2 * (w * w * (x - xb) ** 2).sum() / Sxx ** 2 * infl
    r2 = 1.0 - (w * r * r).sum() / (w * (y - a) ** 2).sum()    # weighted R^2 (fit quality)
    return dict(p=p, a=a, b=b, xb=xb, g=g, s2=s2, va=va, vb=vb, dof=dof, rho=rho,
                neff=neff, now=now, r2=r2)

def prob_beyond(f, tau, L, direction="down"):
    u = f["g"](tau) - f["xb"]
    m = f["a"] + f["b"] * u
    sd = np.sqrt(f["va"] + f["vb"] * u * u + f["s2"])
    z = (L - m) / sd if direction == "down" else (m - L) / sd
    return stats.t.cdf(z, f["dof"])

def crossing_cdf(t, y, L, direction="down", shapes=SHAPES, origin=0.0, step=1.0,
                 max_ahead=2000.0, frac=HALF_LIFE_FRAC):
    fits = [fit_model(t, y, p, origin, frac) for p in shapes]
    tau = t[-1] + step * np.arange(1, int(max_ahead / step) + 1)
    F = np.mean([prob_beyond(f, tau, L, direction) for f in fits], axis=0)
    F = np.maximum.accumulate(F)       # first-passage CDF must be non-decreasing
    return tau, F, fits

def forecast(t, y, L, direction="down", conf=0.90, **kw):
    if len(t) < MIN_POINTS:
        return None
    tau, F, fits = crossing_cdf(t, y, L, direction, **kw)
    def inv(pr):
        i = np.argmax(F >= pr); return tau[i] if F[i] >= pr else np.inf
    a = (1 - conf) / 2
    lin = next((f for f in fits if f["p"] == 1.0), fits[0])
    return dict(est=inv(0.5), lo=inv(a), hi=inv(1 - a), points=len(t), neff=lin["neff"],
                r2=lin["r2"], resid_sd=float(np.sqrt(lin["s2"])), slope=lin["b"],
                fits=fits, F=F, tau=tau)

def warn(t, y, L, H, direction="down", p=0.90, step=1.0, **kw):
    """Fire iff P(crossing <= now + H) = F(now + H) >= p."""
    if len(t) < MIN_POINTS:
        return False
    tau, F, _ = crossing_cdf(t, y, L, direction, step=step, max_ahead=H, **kw)
    return bool(F[-1] >= p)

if __name__ == "__main__":
    L, H = 70.0, 30                     # 1.4 Ah of 2.0 Ah rated = 70 % SOH
    for cell, T in (("B0005", 125), ("B0006", 109)):
        d = np.loadtxt(f"datasets/nasa-battery/{cell}_capacity.csv",
                       delimiter=",", skiprows=1)
        t, y = d[:, 0], d[:, 1] * 50.0
        for n in (60, 80, 100):
            m = t <= n
            r = forecast(t[m], y[m], L)
            print(f"{cell} @{n}: crossing {r['est']:.0f} (err {r['est'] - T:+.0f}) "
                  f"90% [{r['lo']:.0f}, {r['hi']:.0f}] contains {T}: {r['lo'] <= T <= r['hi']} "
                  f"| points {r['points']} n_eff {r['neff']:.0f} R2 {r['r2']:.2f} sd {r['resid_sd']:.2f}%")
        fw = next((t[n - 1] for n in range(MIN_POINTS, len(t) + 1)
                   if warn(t[:n], y[:n], L, H)), None)
        print(f"{cell}: first warning (H={H}, p=0.9) at cycle {fw}, true crossing {T}")

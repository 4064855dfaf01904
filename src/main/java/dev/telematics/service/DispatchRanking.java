package dev.telematics.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Ranks the units that could go to a car. A unit is a candidate only if all hold at {@code now}:
 * <ul>
 *   <li>it has the needed skill;</li>
 *   <li>it is on shift (its shift read in its own time zone);</li>
 *   <li>its latest report says {@link UnitStatus#AVAILABLE} and is fresh: no older than {@code maxReportAge}.
 *       A unit without a report or with a stale one is <b>left out</b>: its position is unknown and so is
 *       whether it is still free, and a busy unit must never be proposed.</li>
 * </ul>
 * Candidates are ordered by ETA (from the reported position), then distance, then unit id, so equal
 * candidates always come out in the same order. Pure: no clock, no I/O besides the {@link EtaEstimator}.
 * Thread-safe if the estimator is.
 */
public final class DispatchRanking {
    public static final Duration DEFAULT_MAX_REPORT_AGE = Duration.ofMinutes(10);
    private static final Comparator<DispatchCandidate> ORDER = Comparator.comparing(DispatchCandidate::eta)
            .thenComparingDouble(DispatchCandidate::distanceKm)
            .thenComparing(c -> c.unit().id());
    private final EtaEstimator eta;
    private final Duration maxReportAge;

    public DispatchRanking(EtaEstimator eta, Duration maxReportAge) {
        this.eta = Objects.requireNonNull(eta, "eta");
        this.maxReportAge = Objects.requireNonNull(maxReportAge, "maxReportAge");
        if (maxReportAge.isNegative() || maxReportAge.isZero()) {
            throw new IllegalArgumentException("maxReportAge must be positive, not " + maxReportAge);
        }
    }

    /**
     * @param latest each unit's latest report by unit id (reports of units not in {@code units} are ignored);
     *               a report from after {@code now} (clock skew) counts as fresh
     */
    public List<DispatchCandidate> rank(String neededSkill, GeoPosition car, Collection<ServiceUnit> units,
                                        Map<UnitId, UnitReport> latest, Instant now) {
        Objects.requireNonNull(neededSkill, "neededSkill");
        Objects.requireNonNull(car, "car");
        Objects.requireNonNull(now, "now");
        List<DispatchCandidate> out = new ArrayList<>();
        for (ServiceUnit u : units) {
            UnitReport r = latest.get(u.id());
            if (!u.skills().contains(neededSkill) || !u.shift().contains(now) || r == null
                    || r.status() != UnitStatus.AVAILABLE || Duration.between(r.reportedAt(), now).compareTo(maxReportAge) > 0) {
                continue;
            }
            Duration d = Objects.requireNonNull(eta.estimate(r.position(), car, now), "the ETA estimator returned null");
            out.add(new DispatchCandidate(u, r.position().distanceKm(car), d));
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }
}

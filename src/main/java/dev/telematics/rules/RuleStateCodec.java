package dev.telematics.rules;

import dev.telematics.vehicle.VehicleSnapshot.RuleState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One rule's per-vehicle state to plain numbers and back, by kind (layouts in docs/state.md):
 * <ul>
 *   <li>threshold: longs {conditionSince, lastTs, fired};</li>
 *   <li>rate: longs {lastTs, conditionSince, fired}, doubles {lastValue};</li>
 *   <li>forecast: longs {points, originTs, lastTs, gateSince, fired}, doubles {lastValue, ages..., values...};</li>
 *   <li>outlier: longs {last seen} (an episode under way);</li>
 *   <li>composite: nothing (the combination is active).</li>
 * </ul>
 * Each saved state carries the {@link #fingerprint} of its rule's definition. {@link #decode} gives null
 * (the state is dropped) when the rule's kind or definition is not the one the state was saved with,
 * or the numbers do not fit the kind. Pure functions; thread-safe.
 */
public final class RuleStateCodec {
    private RuleStateCodec() {
    }

    /**
     * A fingerprint of what a rule's state depends on: its kind and definition (everything but the
     * words, severity and case settings of its meta). Stable across JVMs: stateful rules hold only
     * numbers, strings, enums, durations and lists.
     */
    public static String fingerprint(Rule r) {
        String definition = r.toString().replace(r.meta().toString(), r.id());
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((r.meta().kind() + "\n" + definition)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** The saved form of a rule's state, or null when the rule keeps no state of that type. */
    public static RuleState encode(Rule r, Object state) {
        return encode(r, fingerprint(r), state);
    }

    /** {@link #encode(Rule, Object)} with the rule's fingerprint already known. */
    static RuleState encode(Rule r, String fp, Object state) {
        if (r instanceof ThresholdRule && state instanceof ThresholdRule.State s) {
            return new RuleState(r.id(), "threshold", fp, new long[] {s.conditionSince(), s.lastTs(), flag(s.fired())}, null);
        }
        if (r instanceof RateRule && state instanceof RateRule.State s) {
            return new RuleState(r.id(), "rate", fp, new long[] {s.lastTs(), s.conditionSince(), flag(s.fired())},
                    new double[] {s.lastValue()});
        }
        if (r instanceof ForecastRule f && state instanceof ForecastRule.State s) {
            return new RuleState(r.id(), "forecast", fp, f.savedLongs(s), f.savedDoubles(s));
        }
        if (r instanceof OutlierRule && state instanceof RuleEngine.OutlierSeen s) {
            return new RuleState(r.id(), "outlier", fp, new long[] {s.ts()}, null);
        }
        if (r instanceof CompositeRule && Boolean.TRUE.equals(state)) {
            return new RuleState(r.id(), "composite", fp, null, null);
        }
        return null;
    }

    /**
     * The state for rule {@code r}, or null when the saved state is not for this rule as it is now
     * (another id, kind or fingerprint) or its numbers do not fit the kind.
     */
    public static Object decode(Rule r, RuleState s) {
        return decode(r, fingerprint(r), s);
    }

    /** {@link #decode(Rule, RuleState)} with the rule's fingerprint already known. */
    static Object decode(Rule r, String fp, RuleState s) {
        if (!s.rule().equals(r.id()) || !s.fingerprint().equals(fp)) {
            return null;
        }
        long[] l = s.longs();
        double[] d = s.doubles();
        try {
            return switch (s.kind()) {
                case "threshold" -> r instanceof ThresholdRule && l.length == 3 && d.length == 0
                        ? new ThresholdRule.State(l[0], l[1], l[2] != 0) : null;
                case "rate" -> r instanceof RateRule && l.length == 3 && d.length == 1
                        ? new RateRule.State(l[0], d[0], l[1], l[2] != 0) : null;
                case "forecast" -> r instanceof ForecastRule f ? f.restoreState(l, d) : null;
                case "outlier" -> r instanceof OutlierRule && l.length == 1 ? new RuleEngine.OutlierSeen(l[0]) : null;
                case "composite" -> r instanceof CompositeRule ? Boolean.TRUE : null;
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long flag(boolean b) {
        return b ? 1 : 0;
    }
}

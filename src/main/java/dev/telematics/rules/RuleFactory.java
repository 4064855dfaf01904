package dev.telematics.rules;

import dev.telematics.config.Durations;
import dev.telematics.dtc.DtcCode;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.SignalDef;
import dev.telematics.vehicle.SignalType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns a {@link RuleSpec} into a validated {@link Rule}; problems are IllegalArgumentExceptions. */
final class RuleFactory {
    private RuleFactory() {
    }

    /** @return the rule, or null when it is disabled */
    static Rule build(RuleSpec s, String source, SignalCatalog signals) {
        require(s.id(), "id");
        if (!s.id().matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("id '" + s.id() + "' must be lower-case letters, digits, '.', '_' or '-'");
        }
        require(s.kind(), "kind");
        require(s.severity(), "severity");
        if (s.owner() == null) {
            throw new IllegalArgumentException("missing field 'owner' (title and text of the owner's warning)");
        }
        if (Boolean.FALSE.equals(s.enabled())) {
            return null;
        }
        RuleMeta meta = new RuleMeta(s.id(), s.kind(), s.description(), Severity.fromLabel(s.severity()),
                s.opensCase() == null || s.opensCase(), s.problem(),
                new OwnerMessage(s.owner().title(), s.owner().text()), source);
        return switch (s.kind()) {
            case "threshold" -> threshold(s, meta, signals);
            case "dtc" -> dtc(s, meta);
            default -> throw new IllegalArgumentException("unknown kind '" + s.kind() + "' (known: threshold, dtc)");
        };
    }

    private static ThresholdRule threshold(RuleSpec s, RuleMeta meta, SignalCatalog signals) {
        require(s.signal(), "signal");
        notFor(s.codes(), "codes", "threshold");
        notFor(s.ecus(), "ecus", "threshold");
        SignalDef def = signals.get(s.signal());
        if (def == null) {
            throw new IllegalArgumentException("unknown signal '" + s.signal() + "'" + suggestion(s.signal(), signals));
        }
        if (def.type() != SignalType.NUMBER) {
            throw new IllegalArgumentException("signal '" + s.signal() + "' is " + def.type().label()
                    + "; a threshold needs a number signal");
        }
        if ((s.below() == null) == (s.above() == null)) {
            throw new IllegalArgumentException("a threshold rule needs exactly one of 'below' or 'above'");
        }
        ThresholdRule.Operator op = s.below() != null ? ThresholdRule.Operator.BELOW : ThresholdRule.Operator.ABOVE;
        double limit = s.below() != null ? s.below() : s.above();
        if (!Double.isFinite(limit) || limit < def.min() || limit > def.max()) {
            throw new IllegalArgumentException("limit " + limit + " is outside the physical range of "
                    + s.signal() + " [" + def.min() + ", " + def.max() + "] " + def.unit());
        }
        Duration hold = s.holdFor() == null ? Duration.ZERO : Durations.parse(s.holdFor());
        Duration maxGap = s.maxGap() == null ? ThresholdRule.DEFAULT_MAX_GAP : Durations.parse(s.maxGap());
        if (maxGap.isZero()) {
            throw new IllegalArgumentException("'maxGap' must be longer than 0s");
        }
        return new ThresholdRule(meta, s.signal(), op, limit, hold, maxGap);
    }

    private static DtcRule dtc(RuleSpec s, RuleMeta meta) {
        if (s.codes() == null || s.codes().isEmpty()) {
            throw new IllegalArgumentException("missing field 'codes' (J2012 codes such as P0AA6, or prefixes such as P0A7*)");
        }
        notFor(s.signal(), "signal", "dtc");
        notFor(s.below(), "below", "dtc");
        notFor(s.above(), "above", "dtc");
        notFor(s.holdFor(), "for", "dtc");
        notFor(s.maxGap(), "maxGap", "dtc");
        List<String> patterns = new ArrayList<>();
        for (String c : s.codes()) {
            String p = c == null ? "" : c.trim().toUpperCase(Locale.ROOT);
            boolean prefix = p.endsWith("*");
            String body = prefix ? p.substring(0, p.length() - 1) : p;
            boolean ok = prefix ? body.length() >= 1 && body.length() <= 5
                    && DtcCode.isValid((body + "00000").substring(0, 5)) : DtcCode.isValid(body);
            if (!ok) {
                throw new IllegalArgumentException("'" + c + "' is not a J2012 code (like P0AA6) or prefix (like P0A7*)");
            }
            patterns.add(p);
        }
        return new DtcRule(meta, patterns, s.ecus() == null ? Set.of() : Set.copyOf(s.ecus()));
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
    }

    private static void notFor(Object value, String field, String kind) {
        if (value != null) {
            throw new IllegalArgumentException("field '" + field + "' does not apply to kind " + kind);
        }
    }

    private static String suggestion(String unknown, SignalCatalog signals) {
        String leaf = unknown.substring(unknown.lastIndexOf('.') + 1);
        return signals.all().stream().map(SignalDef::path)
                .filter(p -> p.endsWith("." + leaf) || p.startsWith(unknown))
                .findFirst().map(p -> " (did you mean '" + p + "'?)").orElse("");
    }
}

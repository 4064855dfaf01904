package dev.telematics.rules;

import dev.telematics.vehicle.Severity;

import dev.telematics.config.Durations;
import dev.telematics.dtc.DtcCode;
import dev.telematics.dtc.DtcState;
import dev.telematics.dtc.HexBytes;
import dev.telematics.dtc.J1939Dtc;
import dev.telematics.dtc.KnowledgeEntry;
import dev.telematics.dtc.UdsStatus;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.SignalDef;
import dev.telematics.vehicle.SignalType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
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
        boolean fromKnowledge = "knowledge-base".equals(s.kind());
        if (fromKnowledge) {
            // severity and owner words come from each knowledge-base entry
            notFor(s.severity(), "severity", "knowledge-base (the knowledge base rates each code)");
            notFor(s.owner(), "owner", "knowledge-base (the knowledge base words each warning)");
            notFor(s.problem(), "problem", "knowledge-base (the problem is the code itself)");
            require(s.minSeverity(), "minSeverity");
        } else {
            require(s.severity(), "severity");
            if (s.owner() == null) {
                throw new IllegalArgumentException("missing field 'owner' (title and text of the owner's warning)");
            }
        }
        if (Boolean.FALSE.equals(s.enabled())) {
            return null;
        }
        OwnerMessage owner = fromKnowledge ? new OwnerMessage("Fault found", "Your car reported a fault.")
                : new OwnerMessage(s.owner().title(), s.owner().text(), s.owner().urgency());
        Severity severity = Severity.fromLabel(fromKnowledge ? s.minSeverity() : s.severity());
        Duration cooldown = s.cooldown() == null ? Duration.ZERO : Durations.parse(s.cooldown());
        RuleMeta meta = new RuleMeta(s.id(), s.kind(), s.description(), severity,
                s.opensCase() == null || s.opensCase(), s.problem(), owner, source, cooldown,
                Boolean.TRUE.equals(s.condition()));
        return switch (s.kind()) {
            case "threshold" -> threshold(s, meta, signals);
            case "dtc" -> dtc(s, meta);
            case "rate" -> rate(s, meta, signals);
            case "forecast" -> forecast(s, meta, signals);
            case "outlier" -> outlier(s, meta, signals);
            case "all", "any" -> composite(s, meta);
            case "knowledge-base" -> knowledgeBase(s, meta);
            default -> throw new IllegalArgumentException(
                    "unknown kind '" + s.kind() + "' (known: threshold, rate, forecast, outlier, all, any, dtc, knowledge-base)");
        };
    }

    private static RateRule rate(RuleSpec s, RuleMeta meta, SignalCatalog signals) {
        numberSignal(s, signals);
        notFor(s.below(), "below", "rate");
        notFor(s.above(), "above", "rate");
        notFor(s.clearAt(), "clearAt", "rate");
        notFor(s.codes(), "codes", "rate");
        notFor(s.of(), "of", "rate");
        notForDtcCriteria(s, "rate");
        if ((s.rising() == null) == (s.falling() == null)) {
            throw new IllegalArgumentException("a rate rule needs exactly one of 'rising' or 'falling' (units per second)");
        }
        double perSecond = s.rising() != null ? s.rising() : s.falling();
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("the rate must be a positive number of units per second, got " + perSecond);
        }
        Duration hold = s.holdFor() == null ? Duration.ZERO : Durations.parse(s.holdFor());
        Duration maxGap = s.maxGap() == null ? ThresholdRule.DEFAULT_MAX_GAP : Durations.parse(s.maxGap());
        if (maxGap.isZero()) {
            throw new IllegalArgumentException("'maxGap' must be longer than 0s");
        }
        return new RateRule(meta, s.signal(), s.rising() != null, perSecond, hold, maxGap);
    }

    private static ForecastRule forecast(RuleSpec s, RuleMeta meta, SignalCatalog signals) {
        SignalDef def = numberSignal(s, signals);
        notFor(s.codes(), "codes", "forecast");
        notFor(s.of(), "of", "forecast");
        notFor(s.rising(), "rising", "forecast");
        notFor(s.falling(), "falling", "forecast");
        notFor(s.holdFor(), "for", "forecast");
        notFor(s.clearAt(), "clearAt", "forecast");
        notForDtcCriteria(s, "forecast");
        if ((s.below() == null) == (s.above() == null)) {
            throw new IllegalArgumentException("a forecast rule needs exactly one of 'below' or 'above' (the limit)");
        }
        double limit = s.below() != null ? s.below() : s.above();
        if (!Double.isFinite(limit) || (s.divideBy() == null && (limit < def.min() || limit > def.max()))) {
            throw new IllegalArgumentException("limit " + limit + " is outside the physical range of " + s.signal());
        }
        require(s.horizon(), "horizon");
        require(s.every(), "every");
        Duration horizon = Durations.parse(s.horizon());
        Duration every = Durations.parse(s.every());
        if (horizon.isZero() || every.isZero()) {
            throw new IllegalArgumentException("'horizon' and 'every' must be longer than 0s");
        }
        double confidence = s.confidence() == null ? 0.9 : s.confidence();
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("'confidence' must be between 0 and 1, e.g. 0.9, got " + confidence);
        }
        int maxPoints = s.maxPoints() == null ? 1000 : s.maxPoints();
        if (maxPoints < 20 || maxPoints > ForecastRule.MAX_POINTS) {
            throw new IllegalArgumentException("'maxPoints' must be 20-" + ForecastRule.MAX_POINTS + ", got " + maxPoints);
        }
        double resetRise = s.resetRise() == null ? 0 : s.resetRise();
        if (!(resetRise >= 0)) {
            throw new IllegalArgumentException("'resetRise' must not be negative");
        }
        if (s.divideBy() != null) {
            SignalDef d = signals.get(s.divideBy());
            if (d == null || d.type() != SignalType.NUMBER) {
                throw new IllegalArgumentException("'divideBy' '" + s.divideBy() + "' is not a known number signal");
            }
        }
        ForecastRule.Gate gate = null;
        if (s.onlyWhen() != null) {
            RuleSpec.When w = s.onlyWhen();
            SignalDef g = w.signal() == null ? null : signals.get(w.signal());
            if (g == null || g.type() == SignalType.NUMBER_ARRAY) {
                throw new IllegalArgumentException("'onlyWhen.signal' '" + w.signal() + "' is not a known number signal");
            }
            gate = new ForecastRule.Gate(w.signal(), w.below(), w.above(),
                    w.settle() == null ? Duration.ZERO : Durations.parse(w.settle()));
        }
        return new ForecastRule(meta, s.signal(), s.below() != null, limit, horizon, confidence, every, maxPoints,
                resetRise, s.divideBy(), gate);
    }

    private static OutlierRule outlier(RuleSpec s, RuleMeta meta, SignalCatalog signals) {
        require(s.method(), "method");
        require(s.signal(), "signal");
        notFor(s.codes(), "codes", "outlier");
        notFor(s.of(), "of", "outlier");
        notFor(s.below(), "below", "outlier");
        notForDtcCriteria(s, "outlier");
        OutlierRule.Method method = switch (s.method()) {
            case "cells" -> OutlierRule.Method.CELLS;
            case "spread" -> OutlierRule.Method.SPREAD;
            case "fleet" -> OutlierRule.Method.FLEET;
            default -> throw new IllegalArgumentException("unknown method '" + s.method() + "' (use cells, spread or fleet)");
        };
        SignalDef def = signals.get(s.signal());
        if (def == null) {
            throw new IllegalArgumentException("unknown signal '" + s.signal() + "'" + suggestion(s.signal(), signals));
        }
        SignalType needed = method == OutlierRule.Method.CELLS ? SignalType.NUMBER_ARRAY : SignalType.NUMBER;
        if (def.type() != needed) {
            throw new IllegalArgumentException("method " + s.method() + " needs a " + needed.label() + " signal; '"
                    + s.signal() + "' is " + def.type().label());
        }
        if (method == OutlierRule.Method.SPREAD) {
            require(s.minSignal(), "minSignal");
            SignalDef min = signals.get(s.minSignal());
            if (min == null || min.type() != SignalType.NUMBER) {
                throw new IllegalArgumentException("'minSignal' '" + s.minSignal() + "' is not a known number signal");
            }
            if (s.above() == null || !(s.above() > 0)) {
                throw new IllegalArgumentException("a spread needs 'above': the largest normal difference, > 0");
            }
            return new OutlierRule(meta, method, s.signal(), s.minSignal(), 0, s.above(), 3, null);
        }
        notFor(s.minSignal(), "minSignal", "outlier " + s.method());
        notFor(s.above(), "above", "outlier " + s.method());
        if (s.zAbove() == null || !(s.zAbove() > 0)) {
            throw new IllegalArgumentException("method " + s.method() + " needs 'zAbove' > 0 (e.g. 3 for 3 sigma)");
        }
        int minSamples = s.minSamples() == null ? (method == OutlierRule.Method.CELLS ? 8 : 30) : s.minSamples();
        if (minSamples < 3) {
            throw new IllegalArgumentException("'minSamples' must be at least 3");
        }
        OutlierRule.Side side = s.side() == null ? OutlierRule.Side.BOTH : switch (s.side()) {
            case "low" -> OutlierRule.Side.LOW;
            case "high" -> OutlierRule.Side.HIGH;
            case "both" -> OutlierRule.Side.BOTH;
            default -> throw new IllegalArgumentException("'side' is '" + s.side() + "' (use low, high or both)");
        };
        return new OutlierRule(meta, method, s.signal(), null, s.zAbove(), 0, minSamples, side);
    }

    private static CompositeRule composite(RuleSpec s, RuleMeta meta) {
        notFor(s.signal(), "signal", s.kind());
        notFor(s.codes(), "codes", s.kind());
        notForDtcCriteria(s, s.kind());
        if (s.of() == null || s.of().size() < 2) {
            throw new IllegalArgumentException("missing field 'of': the ids of at least two threshold or rate rules");
        }
        return new CompositeRule(meta, "all".equals(s.kind()), s.of());
    }

    private static SignalDef numberSignal(RuleSpec s, SignalCatalog signals) {
        require(s.signal(), "signal");
        SignalDef def = signals.get(s.signal());
        if (def == null) {
            throw new IllegalArgumentException("unknown signal '" + s.signal() + "'" + suggestion(s.signal(), signals));
        }
        if (def.type() != SignalType.NUMBER) {
            throw new IllegalArgumentException("signal '" + s.signal() + "' is " + def.type().label()
                    + "; this rule needs a number signal");
        }
        return def;
    }

    private static ThresholdRule threshold(RuleSpec s, RuleMeta meta, SignalCatalog signals) {
        require(s.signal(), "signal");
        notFor(s.rising(), "rising", "threshold");
        notFor(s.falling(), "falling", "threshold");
        notFor(s.of(), "of", "threshold");
        notFor(s.codes(), "codes", "threshold");
        notFor(s.ecus(), "ecus", "threshold");
        notForDtcCriteria(s, "threshold");
        notFor(s.minSeverity(), "minSeverity", "threshold");
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
        if (s.clearAt() != null && !Double.isFinite(s.clearAt())) {
            throw new IllegalArgumentException("'clearAt' must be a number");
        }
        double clearAt = s.clearAt() == null ? limit : s.clearAt();
        return new ThresholdRule(meta, s.signal(), op, limit, clearAt, hold, maxGap);
    }

    private static DtcRule dtc(RuleSpec s, RuleMeta meta) {
        notFor(s.signal(), "signal", "dtc");
        notFor(s.below(), "below", "dtc");
        notFor(s.above(), "above", "dtc");
        notFor(s.holdFor(), "for", "dtc");
        notFor(s.maxGap(), "maxGap", "dtc");
        notFor(s.clearAt(), "clearAt", "dtc");
        notFor(s.minSeverity(), "minSeverity", "dtc");
        notFor(s.rising(), "rising", "dtc");
        notFor(s.falling(), "falling", "dtc");
        notFor(s.of(), "of", "dtc");
        List<String> patterns = new ArrayList<>();
        for (String c : s.codes() == null ? List.<String>of() : s.codes()) {
            String p = c == null ? "" : c.trim().toUpperCase(Locale.ROOT);
            boolean prefix = p.endsWith("*");
            String body = prefix ? p.substring(0, p.length() - 1) : p;
            boolean withFtb = !prefix && body.length() == 8 && body.charAt(5) == '-'
                    && HexBytes.isHexByte(body.substring(6));
            String code = withFtb ? body.substring(0, 5) : body;
            boolean ok = prefix ? code.length() >= 1 && code.length() <= 5
                    && DtcCode.isValid((code + "00000").substring(0, 5)) : DtcCode.isValid(code);
            if (!ok) {
                throw new IllegalArgumentException("'" + c + "' is not a J2012 code (P0AA6), prefix (P0A7*) or code with "
                        + "failure type (P0110-1C)");
            }
            patterns.add(p);
        }
        Set<String> systems = s.systems() == null ? Set.of() : Set.copyOf(s.systems());
        for (String sys : systems) {
            if (!KnowledgeEntry.SYSTEMS.contains(sys)) {
                throw new IllegalArgumentException("unknown system '" + sys + "' (known: " + KnowledgeEntry.SYSTEMS + ")");
            }
        }
        Set<Integer> ftbs = new HashSet<>();
        for (String f : s.ftb() == null ? List.<String>of() : s.ftb()) {
            String h = f.trim().toUpperCase(Locale.ROOT);
            h = h.startsWith("0X") ? h.substring(2) : h;
            if (!HexBytes.isHexByte(h)) {
                throw new IllegalArgumentException("'ftb' value '" + f + "' is not a failure type byte in hex (1C)");
            }
            ftbs.add(Integer.parseInt(h, 16));
        }
        Set<Integer> spns = s.spn() == null ? Set.of() : Set.copyOf(s.spn());
        Set<Integer> fmis = s.fmi() == null ? Set.of() : Set.copyOf(s.fmi());
        for (int spn : spns) {
            if (spn < 1 || spn > J1939Dtc.MAX_SPN) {
                throw new IllegalArgumentException("SPN " + spn + " is out of range (1-" + J1939Dtc.MAX_SPN + ")");
            }
        }
        for (int fmi : fmis) {
            if (fmi < 0 || fmi > 31) {
                throw new IllegalArgumentException("FMI " + fmi + " is out of range (0-31)");
            }
        }
        DtcState state = null;
        if (s.state() != null && !s.state().equals("any")) {
            state = switch (s.state()) {
                case "pending" -> DtcState.PENDING;
                case "confirmed" -> DtcState.CONFIRMED;
                default -> throw new IllegalArgumentException("'state' is '" + s.state() + "' (use pending, confirmed or any)");
            };
        }
        int mask = 0;
        for (String bit : s.statusBits() == null ? List.<String>of() : s.statusBits()) {
            mask |= UdsStatus.maskOf(bit);
        }
        int minOcc = s.minOccurrences() == null ? 1 : s.minOccurrences();
        return new DtcRule(meta, patterns, s.ecus() == null ? Set.of() : Set.copyOf(s.ecus()), systems, ftbs, spns, fmis,
                state, mask, minOcc);
    }

    private static KnowledgeBaseRule knowledgeBase(RuleSpec s, RuleMeta meta) {
        notFor(s.signal(), "signal", "knowledge-base");
        notFor(s.codes(), "codes", "knowledge-base");
        notForDtcCriteria(s, "knowledge-base");
        require(s.minSeverity(), "minSeverity");
        return new KnowledgeBaseRule(meta, Severity.fromLabel(s.minSeverity()),
                s.ecus() == null ? Set.of() : Set.copyOf(s.ecus()));
    }

    private static void notForDtcCriteria(RuleSpec s, String kind) {
        notFor(s.systems(), "systems", kind);
        notFor(s.ftb(), "ftb", kind);
        notFor(s.spn(), "spn", kind);
        notFor(s.fmi(), "fmi", kind);
        notFor(s.state(), "state", kind);
        notFor(s.statusBits(), "statusBits", kind);
        notFor(s.minOccurrences(), "minOccurrences", kind);
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

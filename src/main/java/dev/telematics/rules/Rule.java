package dev.telematics.rules;

/** A loaded rule. Rules are immutable; per-vehicle state lives in the vehicle's state. */
public sealed interface Rule permits ThresholdRule, RateRule, ForecastRule, OutlierRule, CompositeRule,
        DtcRule, KnowledgeBaseRule {
    RuleMeta meta();

    default String id() {
        return meta().id();
    }
}

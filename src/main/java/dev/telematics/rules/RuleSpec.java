package dev.telematics.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One rule as written in a rules file (configuration class, version 1). Defaults: {@code opensCase:
 * true}, {@code enabled: true}, {@code problem} = the rule id, {@code for: 0s},
 * {@code maxGap: 5m}.
 */
record RuleSpec(
        String id,
        String kind,
        String description,
        String severity,
        String signal,
        Double below,
        Double above,
        Double clearAt,
        Double rising,
        Double falling,
        List<String> of,
        String cooldown,
        Boolean condition,
        String method,
        String minSignal,
        Double zAbove,
        Integer minSamples,
        String side,
        String divideBy,
        When onlyWhen,
        String horizon,
        Double confidence,
        String every,
        Integer maxPoints,
        Double resetRise,
        @JsonProperty("for") String holdFor,
        String maxGap,
        List<String> codes,
        List<String> ecus,
        List<String> systems,
        List<String> ftb,
        List<Integer> spn,
        List<Integer> fmi,
        String state,
        List<String> statusBits,
        Integer minOccurrences,
        String minSeverity,
        Boolean opensCase,
        String problem,
        Owner owner,
        Boolean enabled) {

    record When(String signal, Double below, Double above, String settle) {
    }

    record Owner(String title, String text, String urgency) {
    }
}

package dev.telematics.rules;

import dev.telematics.vehicle.Vin;
import java.util.Map;

/** A rule fired for a vehicle at a vehicle timestamp, with the values that triggered it. */
public record RuleFiring(RuleMeta rule, Vin vin, long vehicleTimestampMillis, Map<String, Object> trigger) {
    public RuleFiring {
        java.util.Objects.requireNonNull(rule, "rule");
        java.util.Objects.requireNonNull(vin, "vin");
        // evidence may hold nulls (an interval end beyond the look-ahead): no Map.copyOf
        trigger = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(trigger));
    }
}

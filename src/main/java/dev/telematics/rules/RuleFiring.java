package dev.telematics.rules;

import dev.telematics.vehicle.Vin;
import java.util.Map;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Objects;

/** A rule fired for a vehicle at a vehicle timestamp, with the values that triggered it. */
public record RuleFiring(RuleMeta rule, Vin vin, long vehicleTimestampMillis, Map<String, Object> trigger) {
    public RuleFiring {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(vin, "vin");
        // evidence may hold nulls (an interval end beyond the look-ahead): no Map.copyOf
        trigger = Collections.unmodifiableMap(new LinkedHashMap<>(trigger));
    }
}

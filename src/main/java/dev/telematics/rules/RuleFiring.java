package dev.telematics.rules;

import dev.telematics.vehicle.Vin;
import java.util.Map;

/** A rule fired for a vehicle at a vehicle timestamp, with the values that triggered it. */
public record RuleFiring(RuleMeta rule, Vin vin, long vehicleTimestampMillis, Map<String, Object> trigger) {
    public RuleFiring {
        trigger = Map.copyOf(trigger);
    }
}

package dev.telematics.cases;

import dev.telematics.vehicle.TimedValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the technician sees of the moment a rule fired: the triggering values, the vehicle's latest
 * signals, each signal's recent history, and the fault codes active per ECU.
 */
public record Evidence(Instant vehicleTime, Map<String, Object> trigger, Map<String, Double> signals,
                       Map<String, List<TimedValue>> recent, Map<String, Set<String>> activeDtcs) {
    public Evidence {
        trigger = Map.copyOf(trigger);
        signals = Map.copyOf(signals);
        recent = Map.copyOf(recent);
        activeDtcs = Map.copyOf(activeDtcs);
    }
}

package dev.telematics.cases;

import dev.telematics.vehicle.TimedValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the technician sees of the moment a rule fired: the triggering values, the vehicle's latest
 * signals (scalars, and arrays such as all cell voltages), each signal's recent history, and the fault
 * codes active per ECU. The arrays must not be changed by readers.
 */
public record Evidence(Instant vehicleTime, Map<String, Object> trigger, Map<String, Double> signals,
                       Map<String, double[]> arraySignals, Map<String, List<TimedValue>> recent,
                       Map<String, Set<String>> activeDtcs) {
    public Evidence {
        java.util.Objects.requireNonNull(vehicleTime, "vehicleTime");
        trigger = Map.copyOf(trigger);
        signals = Map.copyOf(signals);
        arraySignals = Map.copyOf(arraySignals);
        recent = Map.copyOf(recent);
        activeDtcs = Map.copyOf(activeDtcs);
    }
}

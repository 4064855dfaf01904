package dev.telematics.cases;

import dev.telematics.dtc.DtcView;
import dev.telematics.dtc.KnowledgeEntry;
import dev.telematics.vehicle.TimedValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * What the technician sees of the moment a rule fired: the triggering values, the vehicle's latest
 * signals (scalars, and arrays such as all cell voltages), each signal's recent history, every DTC the
 * vehicle has active (decoded, with its lifecycle), and what the knowledge base says about the DTCs
 * that fired: causes, remote checks, parts, skill. The arrays must not be changed by readers.
 */
public record Evidence(Instant vehicleTime, Map<String, Object> trigger, Map<String, Double> signals,
                       Map<String, double[]> arraySignals, Map<String, List<TimedValue>> recent,
                       List<DtcView> dtcs, List<KnowledgeEntry> diagnosis) {
    public Evidence {
        Objects.requireNonNull(vehicleTime, "vehicleTime");
        trigger = Collections.unmodifiableMap(new LinkedHashMap<>(trigger));
        signals = Map.copyOf(signals);
        arraySignals = Map.copyOf(arraySignals);
        recent = Map.copyOf(recent);
        dtcs = List.copyOf(dtcs);
        diagnosis = List.copyOf(diagnosis);
    }
}

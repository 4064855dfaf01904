package dev.telematics.engine;

import dev.telematics.vehicle.TimedValue;
import dev.telematics.vehicle.VehicleState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One car's state as GET /api/vehicles/{vin}/state shows it; built on the car's processing worker. */
final class VehicleStateView {
    private VehicleStateView() {
    }

    static Map<String, Object> of(VehicleState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vin", s.vin().value());
        m.put("samples", s.sampleCount());
        m.put("lastTimestamp", s.lastTimestamp() < 0 ? null : Instant.ofEpochMilli(s.lastTimestamp()));
        m.put("lastSequence", s.lastSequence() < 0 ? null : s.lastSequence());
        m.put("signals", new TreeMap<>(s.snapshot()));
        Map<String, List<List<Object>>> history = new TreeMap<>();
        for (Map.Entry<String, List<TimedValue>> e : s.recentHistory().entrySet()) {
            history.put(e.getKey(), e.getValue().stream().map(v -> List.<Object>of(v.ts(), v.value())).toList());
        }
        m.put("history", history);
        return m;
    }
}

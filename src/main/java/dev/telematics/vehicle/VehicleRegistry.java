package dev.telematics.vehicle;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * All vehicles seen since start. Thread-safe to look up; each {@link VehicleState} itself belongs to
 * the one worker that processes its vehicle.
 */
public final class VehicleRegistry {
    private final ConcurrentMap<String, VehicleState> states = new ConcurrentHashMap<>();
    private final int historyCapacity;
    private final Duration historyWindow;

    public VehicleRegistry(int historyCapacity, Duration historyWindow) {
        this.historyCapacity = historyCapacity;
        this.historyWindow = historyWindow;
    }

    public VehicleState stateOf(Vin vin) {
        VehicleState s = states.get(vin.value()); // lock-free for a known vehicle; computeIfAbsent may lock a bin
        return s != null ? s : states.computeIfAbsent(vin.value(), v -> new VehicleState(vin, historyCapacity, historyWindow));
    }

    /** Adds a vehicle's restored state (at start, before the workers run), replacing any state of that VIN. */
    public void restore(VehicleState state) {
        states.put(state.vin().value(), state);
    }

    /** Forgets a vehicle (its partition moved to another node); its state lives on there. */
    public void remove(Vin vin) {
        states.remove(vin.value());
    }

    /** The state of a vehicle seen since start, or null (never creates one). */
    public VehicleState find(Vin vin) {
        return states.get(vin.value());
    }

    /** Every vehicle's state (a weakly consistent view; each state is still owned by its worker). */
    public void forEach(Consumer<VehicleState> action) {
        states.values().forEach(action);
    }

    public int size() {
        return states.size();
    }
}

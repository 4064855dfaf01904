package dev.telematics.state;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Snapshots in memory (tests, the in-memory database): they survive an engine, not the JVM. Thread-safe. */
public final class InMemoryVehicleStateStore implements VehicleStateStore {
    private final Map<String, Stored> vehicles = new ConcurrentHashMap<>();
    private final Map<String, Stored> parts = new ConcurrentHashMap<>();

    @Override
    public void saveVehicles(Collection<Stored> rows) {
        rows.forEach(r -> vehicles.put(r.key(), r));
    }

    @Override
    public void loadVehicles(Consumer<Stored> each) {
        vehicles.values().forEach(each);
    }

    @Override
    public void savePart(Stored part) {
        parts.put(part.key(), part);
    }

    @Override
    public Optional<Stored> loadPart(String name) {
        return Optional.ofNullable(parts.get(name));
    }

    /** Vehicles saved. */
    public int size() {
        return vehicles.size();
    }
}

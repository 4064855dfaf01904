package dev.telematics.state;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where vehicle state snapshots are kept: one row per vehicle (the per-car format's bytes, see
 * {@link dev.telematics.vehicle.VehicleSnapshotCodec}) and one per engine-wide part (fleet statistics).
 * Implementations are thread-safe; saving a row replaces the row of that key.
 */
public interface VehicleStateStore {
    /** One saved state: the key (a VIN, or a part's name), its format version, its bytes, when it was written. */
    record Stored(String key, int format, byte[] bytes, Instant updatedAt) {
        public Stored {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(updatedAt, "updatedAt");
            if (format < 1) {
                throw new IllegalArgumentException("format version must be >= 1");
            }
        }
    }

    /** Writes vehicles' states (each replaces that vehicle's row), committed before it returns. */
    void saveVehicles(Collection<Stored> rows);

    /** Hands every vehicle's saved state to {@code each}, one at a time (streamed, not all in memory). */
    void loadVehicles(Consumer<Stored> each);

    /** Writes an engine-wide part (replacing it). */
    void savePart(Stored part);

    /** An engine-wide part, if it was ever saved. */
    Optional<Stored> loadPart(String name);
}

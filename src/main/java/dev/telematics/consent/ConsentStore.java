package dev.telematics.consent;

import java.util.List;
import java.util.Optional;

/**
 * Where owners' consent decisions are kept, every one of them (the latest per car is in force).
 * Implementations are thread-safe; a failing database throws EngineException STORE_UNAVAILABLE.
 */
public interface ConsentStore {
    /** The decision in force for the car, or empty when its owner never decided (= no consent). */
    Optional<Consent> current(String vin);

    /** Records a decision; it is in force from now on. */
    void record(Consent decision);

    /** The car's decisions, newest first, at most {@code limit}. */
    List<Consent> history(String vin, int limit);

    /** True when the owner has granted remote-diagnostic access and not withdrawn it. */
    default boolean granted(String vin) {
        return current(vin).map(Consent::remoteDiagnostics).orElse(false);
    }
}

package dev.telematics.simulator;

import dev.telematics.config.Durations;
import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A simulation scenario: a fleet, its publish rhythm, a default run length and the faults to inject.
 * Load one with {@link ScenarioLoader}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name            short name, not blank
 * @param description     free text, may be {@code null}
 * @param seed            seed of the deterministic signal noise
 * @param fleet           the cars
 * @param publishInterval time between two telemetry samples of one car, >= {@value #MIN_INTERVAL_MILLIS} ms
 * @param duration        default run length, > 0
 * @param faults          injected faults, each for a vehicle inside the fleet
 */
public record Scenario(String name, String description, long seed, FleetSpec fleet, Duration publishInterval,
                       Duration duration, List<Fault> faults) {
    public static final long MIN_INTERVAL_MILLIS = 10;
    public static final long DEFAULT_SEED = 1;

    public Scenario {
        if (name == null || name.isBlank()) {
            throw FleetSpec.invalid("name must not be blank");
        }
        Objects.requireNonNull(fleet, "fleet");
        if (publishInterval == null || publishInterval.toMillis() < MIN_INTERVAL_MILLIS) {
            throw FleetSpec.invalid("publishInterval must be at least " + MIN_INTERVAL_MILLIS + "ms, got "
                    + (publishInterval == null ? null : Durations.format(publishInterval)));
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw FleetSpec.invalid("duration must be positive, got " + duration);
        }
        faults = List.copyOf(faults == null ? List.of() : faults);
        for (int i = 0; i < faults.size(); i++) {
            Fault f = faults.get(i);
            if (f.vehicle() > fleet.size()) {
                throw FleetSpec.invalid("faults[" + i + "]: vehicle " + f.vehicle()
                        + " is out of range 1.." + fleet.size());
            }
            if (!f.vin().equals(fleet.vinOf(f.vehicle()))) {
                throw FleetSpec.invalid("faults[" + i + "]: VIN " + f.vin() + " is not vehicle " + f.vehicle());
            }
        }
    }

    public int fleetSize() {
        return fleet.size();
    }

    /** VIN of the car with the 1-based {@code index}. */
    public Vin vinOf(int index) {
        return fleet.vinOf(index);
    }

    /** All VINs, vehicle 1 first. */
    public List<Vin> vins() {
        return fleet.vins();
    }

    /** The faults of the vehicle with the 1-based {@code index}, in file order. */
    public List<Fault> faultsFor(int index) {
        return faults.stream().filter(f -> f.vehicle() == index).toList();
    }

    /**
     * The signal faults of the vehicle with the 1-based {@code index}, in file order; a logged trend
     * ({@link HistoryFault}) holds its signal at its last value from the first live sample on.
     */
    public List<SignalFault> signalFaultsFor(int index) {
        return faults.stream().filter(f -> f.vehicle() == index)
                .<SignalFault>mapMulti((f, out) -> {
                    if (f instanceof SignalFault s) {
                        out.accept(s);
                    } else if (f instanceof HistoryFault h) {
                        out.accept(h.liveValue());
                    }
                }).toList();
    }

    /** The buffered logs the vehicle with the 1-based {@code index} uploads when it connects, in file order. */
    public List<HistoryFault> historyFor(int index) {
        return faults.stream().filter(f -> f.vehicle() == index && f instanceof HistoryFault)
                .map(HistoryFault.class::cast).toList();
    }

    /** The DTC faults of the vehicle with the 1-based {@code index}, in file order. */
    public List<DtcFault> dtcFaultsFor(int index) {
        return faults.stream().filter(f -> f.vehicle() == index && f instanceof DtcFault)
                .map(DtcFault.class::cast).toList();
    }
}

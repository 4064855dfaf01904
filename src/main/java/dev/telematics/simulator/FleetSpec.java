package dev.telematics.simulator;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.vehicle.Vin;
import java.util.AbstractList;
import java.util.List;

/**
 * The simulated fleet: how many cars, how their VINs are built and (optionally) their model name.
 * VIN = {@code vinPrefix} + the 1-based vehicle index as 10 digits, e.g. {@code LRWDEMC0000000003}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param size      number of cars, 1..{@value #MAX_SIZE}
 * @param vinPrefix exactly 7 valid VIN characters (0-9, A-Z without I, O, Q)
 * @param model     model name for display, may be {@code null}
 */
public record FleetSpec(int size, String vinPrefix, String model) {
    public static final int MAX_SIZE = 100_000;
    public static final int PREFIX_LENGTH = 7;

    public FleetSpec {
        if (size < 1 || size > MAX_SIZE) {
            throw invalid("fleet.size must be between 1 and " + MAX_SIZE + ", got " + size);
        }
        if (vinPrefix == null || vinPrefix.length() != PREFIX_LENGTH
                || !Vin.isValid(vinPrefix + "0000000001")) {
            throw invalid("fleet.vinPrefix must be exactly " + PREFIX_LENGTH
                    + " VIN characters (0-9, A-Z without I, O, Q), got '" + vinPrefix + "'");
        }
    }

    /** The VIN of the car with the 1-based {@code index}. */
    public Vin vinOf(int index) {
        if (index < 1 || index > size) {
            throw invalid("vehicle index " + index + " is out of range 1.." + size);
        }
        return new Vin(vinPrefix + String.format("%010d", index));
    }

    /** All VINs in index order (vehicle 1 first); computed lazily, so large fleets cost nothing. */
    public List<Vin> vins() {
        return new AbstractList<>() {
            @Override
            public Vin get(int i) {
                return vinOf(i + 1);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    static EngineException invalid(String problem) {
        return new EngineException(ErrorCode.SCENARIO_INVALID, problem);
    }
}

package dev.telematics.simulator;

import dev.telematics.vehicle.Vin;
import java.time.Duration;

/**
 * A fault injected into one vehicle of a scenario: a {@link SignalFault} (a signal ramps to an abnormal
 * value), a {@link DtcFault} (an ECU reports trouble codes once) or a {@link HistoryFault} (the car uploads a
 * buffered log with a slow trend when it connects).
 *
 * <p>Implementations are immutable records.
 */
public sealed interface Fault permits SignalFault, DtcFault, HistoryFault {

    /** The kind of a fault. */
    enum Kind { SIGNAL, DTC, HISTORY }

    /** 1-based index of the vehicle in the fleet. */
    int vehicle();

    /** VIN of the faulty vehicle. */
    Vin vin();

    /** When the fault starts, measured from the vehicle's first publish. */
    Duration at();

    /** Id of the rule the engine is expected to fire for this fault, or {@code null} when none is named. */
    String expectRule();

    Kind kind();

    default boolean isSignal() {
        return kind() == Kind.SIGNAL;
    }

    default boolean isDtc() {
        return kind() == Kind.DTC;
    }
}

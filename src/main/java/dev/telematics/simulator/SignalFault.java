package dev.telematics.simulator;

import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.util.Objects;

/**
 * A signal fault: from {@code at} on, {@code signal} leaves its normal course and ramps linearly from the
 * value it had at {@code at} to {@code to} over {@code over} ({@link Duration#ZERO} = a step), then stays at
 * {@code to}. Values are exact (no noise) while the fault is active, so rule thresholds are crossed at a
 * predictable time.
 *
 * <p>Immutable and thread-safe.
 *
 * @param vehicle    1-based vehicle index
 * @param vin        VIN of that vehicle
 * @param at         start of the fault after the vehicle's first publish, >= 0
 * @param signal     one of {@link VssSignals#ALL}
 * @param to         target value in the signal's VSS unit, finite
 * @param over       length of the ramp, >= 0
 * @param expectRule rule the engine should fire, or {@code null}
 */
public record SignalFault(int vehicle, Vin vin, Duration at, String signal, double to, Duration over,
                          String expectRule) implements Fault {

    public SignalFault {
        if (vehicle < 1) {
            throw FleetSpec.invalid("vehicle must be >= 1, got " + vehicle);
        }
        Objects.requireNonNull(vin, "vin");
        if (at == null || at.isNegative()) {
            throw FleetSpec.invalid("at must be a non-negative duration, got " + at);
        }
        if (signal == null || !VssSignals.isSimulated(signal)) {
            throw FleetSpec.invalid("signal '" + signal + "' is not simulated; use one of " + VssSignals.ALL);
        }
        if (!Double.isFinite(to)) {
            throw FleetSpec.invalid("to must be a finite number, got " + to);
        }
        if (over == null || over.isNegative()) {
            throw FleetSpec.invalid("over must be a non-negative duration, got " + over);
        }
    }

    @Override
    public Kind kind() {
        return Kind.SIGNAL;
    }

    /** True when the fault drives the signal at {@code elapsedMillis} after the vehicle's first publish. */
    public boolean activeAt(long elapsedMillis) {
        return elapsedMillis >= at.toMillis();
    }

    /**
     * The faulted value at {@code elapsedMillis}, given the value {@code from} the signal had at {@link #at()}.
     * Only meaningful when {@link #activeAt(long)}.
     */
    public double valueAt(long elapsedMillis, double from) {
        long sinceStart = elapsedMillis - at.toMillis();
        long rampMillis = over.toMillis();
        if (rampMillis <= 0 || sinceStart >= rampMillis) {
            return to;
        }
        double fraction = Math.max(0, sinceStart) / (double) rampMillis;
        return from + (to - from) * fraction;
    }
}

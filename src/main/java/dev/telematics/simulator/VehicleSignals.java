package dev.telematics.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The signals of one car with its {@link SignalFault}s applied on top of the {@link SignalModel}. A fault
 * ramps from the value its signal had at the fault's start (including earlier faults on the same signal)
 * to its target, then holds it; faulted values carry no noise.
 *
 * <p>Immutable and thread-safe: a pure function of elapsed time.
 */
public final class VehicleSignals {
    private final SignalModel model;
    private final int vehicle;
    private final List<SignalFault> faults;
    private final double[] rampStart;

    /**
     * @param model   the fault-free model
     * @param vehicle 1-based vehicle index
     * @param faults  this vehicle's signal faults (any order)
     */
    public VehicleSignals(SignalModel model, int vehicle, List<SignalFault> faults) {
        this.model = model;
        this.vehicle = vehicle;
        List<SignalFault> sorted = new ArrayList<>(faults);
        sorted.sort(Comparator.comparing(SignalFault::at));
        this.faults = List.copyOf(sorted);
        this.rampStart = new double[sorted.size()];
        for (int k = 0; k < sorted.size(); k++) {
            SignalFault f = sorted.get(k);
            long at = f.at().toMillis();
            rampStart[k] = valueWith(k, f.signal(), at, model.sample(vehicle, at).get(f.signal()));
        }
    }

    public int vehicle() {
        return vehicle;
    }

    /** The sample at {@code elapsedMillis} after the vehicle's first publish, faults applied. */
    public Map<String, Double> sampleAt(long elapsedMillis) {
        Map<String, Double> sample = model.sample(vehicle, elapsedMillis);
        for (SignalFault f : faults) {
            String signal = f.signal();
            sample.put(signal, valueWith(faults.size(), signal, elapsedMillis, sample.get(signal)));
        }
        return sample;
    }

    /**
     * The value of {@code signal} at {@code t} considering only the first {@code count} faults:
     * the latest of them that is active wins, otherwise the normal value {@code normal}.
     */
    private double valueWith(int count, String signal, long t, double normal) {
        for (int k = count - 1; k >= 0; k--) {
            SignalFault f = faults.get(k);
            if (f.signal().equals(signal) && f.activeAt(t)) {
                return f.valueAt(t, rampStart[k]);
            }
        }
        return normal;
    }
}

package dev.telematics.predict;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The distribution of a signal across a fleet, per vehicle model: each vehicle counts once, with its
 * latest value. A vehicle is compared with the others of its model (itself left out), so one bad
 * vehicle cannot hide itself by moving the mean.
 *
 * <p>Thread-safe: workers of different vehicles update one model's figures; each model and signal has
 * its own lock, held for a few arithmetic operations.
 */
public final class FleetStatistics {
    private final Map<String, Map<String, Group>> groups = new ConcurrentHashMap<>(); // model -> signal -> figures

    private static final class Group {
        private final Map<String, Double> latest = new HashMap<>();
        private double sum;
        private double sumSq;

        synchronized Comparison update(String vehicle, double value) {
            Double old = latest.put(vehicle, value);
            if (old != null) {
                sum -= old;
                sumSq -= old * old;
            }
            sum += value;
            sumSq += value * value;
            int others = latest.size() - 1;
            if (others < 2) {
                return new Comparison(value, Double.NaN, Double.NaN, others);
            }
            double mean = (sum - value) / others;
            double var = Math.max(0, ((sumSq - value * value) - others * mean * mean) / (others - 1));
            return new Comparison(value, mean, Math.sqrt(var), others);
        }
    }

    /** A vehicle's value against the other vehicles of its model. */
    public record Comparison(double value, double fleetMean, double fleetSd, int fleetSize) {
        /** Standard deviations from the fleet mean (NaN when the fleet is too small or does not vary). */
        public double z() {
            return fleetSd > 0 ? (value - fleetMean) / fleetSd : Double.NaN;
        }
    }

    /** One vehicle's latest value of a signal within its model, as saved (see {@link #export()}). */
    public record Saved(String model, String signal, String vehicle, double value) {
        public Saved {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(signal, "signal");
            Objects.requireNonNull(vehicle, "vehicle");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a fleet value must be a finite number");
            }
        }
    }

    /** Every vehicle's latest value per model and signal (sorted), each group copied under its lock. */
    public List<Saved> export() {
        List<Saved> out = new ArrayList<>();
        new TreeMap<>(groups).forEach((model, bySignal) -> new TreeMap<>(bySignal).forEach((signal, g) -> {
            Map<String, Double> copy;
            synchronized (g) {
                copy = new TreeMap<>(g.latest);
            }
            copy.forEach((vehicle, v) -> out.add(new Saved(model, signal, vehicle, v)));
        }));
        return out;
    }

    /** Adds saved values (at start, before any worker runs; a value already present is replaced). */
    public void restore(List<Saved> saved) {
        for (Saved s : saved) {
            update(s.model(), s.signal(), s.vehicle(), s.value());
        }
    }

    /** Records a vehicle's latest value and compares it with the rest of its model's fleet. */
    public Comparison update(String model, String signal, String vehicle, double value) {
        Map<String, Group> bySignal = groups.get(model);
        if (bySignal == null) {
            bySignal = groups.computeIfAbsent(model, k -> new ConcurrentHashMap<>());
        }
        Group g = bySignal.get(signal);
        if (g == null) {
            g = bySignal.computeIfAbsent(signal, k -> new Group());
        }
        return g.update(vehicle, value);
    }
}

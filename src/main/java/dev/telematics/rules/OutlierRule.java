package dev.telematics.rules;

import dev.telematics.predict.FleetStatistics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Statistical outliers, three ways ({@code method}):
 * <ul>
 *   <li>{@code cells}: one value of an array signal (a cell's voltage) too far from the rest of its pack,
 *       |z| at least {@code zAbove}, with at least {@code minSamples} cells;</li>
 *   <li>{@code spread}: the difference of two signals ({@code signal} minus {@code minSignal}, e.g.
 *       CellVoltage.Max - Min) above {@code above};</li>
 *   <li>{@code fleet}: a vehicle's value too far from the other vehicles of its model (the first eight
 *       characters of the VIN: maker and model descriptor), |z| at least {@code zAbove}, once at least
 *       {@code minSamples} other vehicles report it.</li>
 * </ul>
 * Each fires once per episode, which ends when the value is back inside the bound.
 */
public record OutlierRule(RuleMeta meta, Method method, String signal, String minSignal, double zAbove,
                          double above, int minSamples, Side side) implements Rule {

    public enum Method { CELLS, SPREAD, FLEET }

    /** Which outliers count: unusually low values, high ones, or both (z-score methods). */
    public enum Side { LOW, HIGH, BOTH;

        boolean beyond(double z, double bound) {
            return switch (this) {
                case LOW -> z <= -bound;
                case HIGH -> z >= bound;
                case BOTH -> Math.abs(z) >= bound;
            };
        }
    }

    public OutlierRule {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(signal, "signal");
        side = side == null ? Side.BOTH : side;
        if (method == Method.SPREAD && (minSignal == null || !(above > 0))) {
            throw new IllegalArgumentException("a spread needs 'minSignal' and a positive 'above'");
        }
        if (method != Method.SPREAD && (!(zAbove > 0) || minSamples < 3)) {
            throw new IllegalArgumentException("'zAbove' must be > 0 and 'minSamples' at least 3");
        }
    }

    /** What the rule found in one evaluation: whether the value is an outlier now, and (only then) the figures. */
    public record Finding(boolean outlier, Map<String, Object> evidence) {
    }

    private static final Finding NONE = new Finding(false, Map.of());

    /** {@code cells}: the cell furthest from its pack's mean. */
    public Finding cells(double[] cells) {
        if (cells.length < minSamples) {
            return new Finding(false, Map.of());
        }
        double sum = 0;
        for (double c : cells) {
            sum += c;
        }
        double mean = sum / cells.length;
        double ss = 0;
        for (double c : cells) {
            ss += (c - mean) * (c - mean);
        }
        double sd = Math.sqrt(ss / (cells.length - 1));
        int worst = 0;
        for (int i = 1; i < cells.length; i++) {
            double d = cells[i] - mean;
            double w = cells[worst] - mean;
            boolean further = switch (side) {
                case LOW -> d < w;
                case HIGH -> d > w;
                case BOTH -> Math.abs(d) > Math.abs(w);
            };
            if (further) {
                worst = i;
            }
        }
        // the worst cell against the others (leave it out, or it widens its own yardstick)
        double othersMean = (sum - cells[worst]) / (cells.length - 1);
        double othersSs = 0;
        for (int i = 0; i < cells.length; i++) {
            if (i != worst) {
                othersSs += (cells[i] - othersMean) * (cells[i] - othersMean);
            }
        }
        double othersSd = Math.sqrt(othersSs / (cells.length - 2));
        double z = othersSd > 0 ? (cells[worst] - othersMean) / othersSd : (cells[worst] == othersMean ? 0
                : Math.copySign(Double.POSITIVE_INFINITY, cells[worst] - othersMean));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("cell", worst + 1);
        e.put("value", cells[worst]);
        e.put("packMean", othersMean);
        e.put("packSd", othersSd);
        e.put("z", Double.isFinite(z) ? z : null);
        e.put("cells", cells.length);
        e.put("zAbove", zAbove);
        return new Finding(!Double.isNaN(z) && side.beyond(z, zAbove), e);
    }

    /** {@code spread}: max minus min. */
    public Finding spread(double max, double min) {
        if (!(max - min > above)) {
            return NONE; // evaluated for every sample: build evidence only for an outlier
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("max", max);
        e.put("min", min);
        e.put("spread", max - min);
        e.put("above", above);
        return new Finding(true, e);
    }

    /** {@code fleet}: the vehicle against the rest of its model. */
    public Finding fleet(FleetStatistics.Comparison c) {
        double z = c.z();
        if (!(c.fleetSize() >= minSamples && Double.isFinite(z) && side.beyond(z, zAbove))) {
            return NONE;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("value", c.value());
        e.put("fleetMean", c.fleetMean());
        e.put("fleetSd", c.fleetSd());
        e.put("fleetSize", c.fleetSize());
        e.put("z", z);
        e.put("zAbove", zAbove);
        return new Finding(true, e);
    }

    /** The model key of a VIN: world manufacturer identifier and vehicle descriptor (characters 1-8). */
    public static String modelOf(String vin) {
        return vin.substring(0, 8); // Vin.model() without re-validating a VIN the ingest checked already
    }
}

package dev.telematics.handoff;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a predictive warning foresees, for the owner app to show in the owner's own calendar: the signal,
 * the limit it is expected to cross, the median crossing date and the 90 % interval around it (an end may be
 * null when it lies beyond the forecaster's look-ahead).
 *
 * @param signal      the VSS path forecast (the ratio's numerator when the rule divides)
 * @param limit       the limit the forecast crosses, in the signal's unit
 * @param direction   falling or rising
 * @param crossing    median expected crossing
 * @param intervalLow earliest crossing of the interval, or null
 * @param intervalHigh latest crossing of the interval, or null
 */
public record WarningForecast(String signal, double limit, String direction, Instant crossing, Instant intervalLow,
                              Instant intervalHigh) {
    public WarningForecast {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(crossing, "crossing");
        if (!Double.isFinite(limit)) {
            throw new IllegalArgumentException("limit must be finite, got " + limit);
        }
    }

    /**
     * The forecast in a forecast rule's firing evidence ({@code predictedCrossing}, {@code intervalLow},
     * {@code intervalHigh}, ...), or null when the firing is not a forecast with a crossing date.
     */
    public static WarningForecast fromEvidence(Map<String, Object> trigger) {
        if (!(trigger.get("predictedCrossing") instanceof String crossing)
                || !(trigger.get("limit") instanceof Number limit)
                || !(trigger.get("signal") instanceof String signal)) {
            return null;
        }
        return new WarningForecast(signal, limit.doubleValue(), String.valueOf(trigger.getOrDefault("direction", "falling")),
                Instant.parse(crossing), instant(trigger.get("intervalLow")), instant(trigger.get("intervalHigh")));
    }

    private static Instant instant(Object o) {
        return o instanceof String s ? Instant.parse(s) : null;
    }
}

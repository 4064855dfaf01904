package dev.telematics.simulator;

import dev.telematics.config.Durations;
import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.util.Objects;

/**
 * A slow trend the car had logged while it was offline: when it connects, before its first live sample, the
 * car uploads its buffered log of {@code signal}, one sample every {@code every} over the last {@code span},
 * falling or rising linearly from {@code from} to {@code to} (rounded to the signal's resolution of 0.1). Its
 * live samples then carry {@code to}. This is how a scenario shows a forecast (a trend over days or months)
 * in a run of seconds: the samples carry their real, past timestamps, as a telematics unit's buffer does.
 *
 * <p>Immutable and thread-safe.
 *
 * @param vehicle    1-based vehicle index
 * @param vin        VIN of that vehicle
 * @param signal     one of {@link VssSignals#ALL}
 * @param from       the value at the start of the log
 * @param to         the value at its end (and live from then on)
 * @param span       how far back the log reaches; the engine takes samples up to 30 days old
 * @param every      time between two logged samples
 * @param expectRule rule the engine should fire, or {@code null}
 */
public record HistoryFault(int vehicle, Vin vin, String signal, double from, double to, Duration span,
                           Duration every, String expectRule) implements Fault {
    /** The engine refuses older samples by default ({@code EngineConfig.Ingest.maxSampleAge}). */
    public static final Duration MAX_SPAN = Duration.ofDays(29);
    public static final int MIN_POINTS = 10;
    public static final int MAX_POINTS = 2000;

    public HistoryFault {
        if (vehicle < 1) {
            throw FleetSpec.invalid("vehicle must be >= 1, got " + vehicle);
        }
        Objects.requireNonNull(vin, "vin");
        if (signal == null || !VssSignals.isSimulated(signal)) {
            throw FleetSpec.invalid("signal '" + signal + "' is not simulated; use one of " + VssSignals.ALL);
        }
        if (!Double.isFinite(from) || !Double.isFinite(to)) {
            throw FleetSpec.invalid("from and to must be finite numbers, got " + from + " and " + to);
        }
        if (span == null || span.isNegative() || span.isZero() || span.compareTo(MAX_SPAN) > 0) {
            throw FleetSpec.invalid("span must be positive and at most " + days(MAX_SPAN)
                    + " (the engine refuses older samples), got " + (span == null ? null : days(span)));
        }
        if (every == null || every.isNegative() || every.isZero()) {
            throw FleetSpec.invalid("every must be positive, got " + (every == null ? null : Durations.format(every)));
        }
        long points = span.toMillis() / every.toMillis();
        if (points < MIN_POINTS || points > MAX_POINTS) {
            throw FleetSpec.invalid("span / every must give " + MIN_POINTS + ".." + MAX_POINTS
                    + " logged samples, got " + points);
        }
    }

    private static String days(Duration d) {
        return d.toMillis() % Duration.ofDays(1).toMillis() == 0 ? d.toDays() + "d" : Durations.format(d);
    }

    @Override
    public Duration at() {
        return Duration.ZERO; // uploaded at connect, before the first live sample
    }

    @Override
    public Kind kind() {
        return Kind.HISTORY;
    }

    /** How many samples the log holds. */
    public int points() {
        return (int) (span.toMillis() / every.toMillis());
    }

    /** The car's timestamp of logged sample {@code i} (0 = oldest), given the car's clock at upload. */
    public long timestampAt(int i, long nowMillis) {
        return nowMillis - span.toMillis() + i * every.toMillis();
    }

    /** Logged sample {@code i}: on the line from {@code from} to {@code to}, at the signal's 0.1 resolution. */
    public double valueAt(int i) {
        int n = points();
        double v = n == 1 ? to : from + (to - from) * i / (n - 1);
        return Math.round(v * 10) / 10.0;
    }

    /** The live course after the upload: the signal stays at {@code to}. */
    public SignalFault liveValue() {
        return new SignalFault(vehicle, vin, Duration.ZERO, signal, to, Duration.ZERO, null);
    }
}

package dev.telematics.vehicle;

import dev.telematics.dtc.DtcLifecycle;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the engine knows of one vehicle, as plain values: the per-car state format saved at
 * snapshots and restored at start (docs/state.md), and later streamed through a changelog keyed by VIN.
 * Immutable once made (the arrays are the snapshot's own copies); rule states are kept by rule id with
 * a fingerprint of the rule's definition, never by position, so a state is dropped, not misapplied, when
 * its rule changed or disappeared.
 *
 * @param format         {@link #FORMAT} when written by this version
 * @param vin            the vehicle
 * @param lastTimestamp  vehicle time of the latest sample applied (-1: none)
 * @param lastSequence   its sequence number
 * @param samples        samples applied since the vehicle was first seen
 * @param histories      each scalar signal's recent values, oldest first
 * @param arrays         the latest value of each array signal
 * @param dtcs           the DTC lifecycle: every tracked DTC per ECU
 * @param dtcReportTimes the latest report time per ECU
 * @param lastFired      vehicle time at which each rule last fired
 * @param rules          the rule engine's per-rule states
 */
public record VehicleSnapshot(int format, String vin, long lastTimestamp, long lastSequence, long samples,
                              Map<String, History> histories, Map<String, double[]> arrays,
                              List<DtcLifecycle.Saved> dtcs, Map<String, Long> dtcReportTimes,
                              Map<String, Long> lastFired, List<RuleState> rules) {
    /** The format version this code writes (it reads this one and 1). */
    public static final int FORMAT = 2;

    public VehicleSnapshot {
        Objects.requireNonNull(vin, "vin");
        if (format < 1) {
            throw new IllegalArgumentException("format version must be >= 1");
        }
        histories = Map.copyOf(new TreeMap<>(Objects.requireNonNull(histories, "histories")));
        arrays = Map.copyOf(Objects.requireNonNull(arrays, "arrays"));
        dtcs = List.copyOf(Objects.requireNonNull(dtcs, "dtcs"));
        dtcReportTimes = Map.copyOf(Objects.requireNonNull(dtcReportTimes, "dtcReportTimes"));
        lastFired = Map.copyOf(Objects.requireNonNull(lastFired, "lastFired"));
        rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
    }

    /** One signal's recent values, oldest first: timestamps and values of equal length. */
    public record History(long[] timestamps, double[] values) {
        public History {
            Objects.requireNonNull(timestamps, "timestamps");
            Objects.requireNonNull(values, "values");
            if (timestamps.length != values.length || timestamps.length == 0) {
                throw new IllegalArgumentException("a history has as many timestamps as values, at least one");
            }
        }
    }

    /**
     * One rule's state for this vehicle, in a kind-specific layout of numbers (see docs/state.md).
     *
     * @param rule        the rule's id
     * @param kind        the rule's kind (threshold, rate, forecast, outlier, composite)
     * @param fingerprint of the rule's definition when the state was saved
     * @param longs       the state's whole numbers
     * @param doubles     the state's real numbers (NaN allowed)
     */
    public record RuleState(String rule, String kind, String fingerprint, long[] longs, double[] doubles) {
        public RuleState {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(fingerprint, "fingerprint");
            longs = longs == null ? new long[0] : longs;
            doubles = doubles == null ? new double[0] : doubles;
        }
    }
}

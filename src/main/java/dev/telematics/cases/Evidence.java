package dev.telematics.cases;

import dev.telematics.dtc.DtcView;
import dev.telematics.dtc.KnowledgeEntry;
import dev.telematics.vehicle.TimedValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the technician sees of the moment a rule fired: the triggering values, the vehicle's latest
 * signals (scalars, and arrays such as all cell voltages), each signal's recent history, the vehicle's
 * active DTCs (decoded, with their lifecycle; the most relevant first), and what the knowledge base says
 * about the DTCs that fired: causes, remote checks, parts, skill. The arrays must not be changed by readers.
 *
 * <p>Bounded by {@link Limits}: what did not fit is counted in {@code dtcsOmitted}, {@code signalsOmitted}
 * and {@code historyPointsOmitted}, never silently dropped. {@code digest} identifies the content (all of it
 * except what changes with every report: {@code vehicleTime}, the trigger's {@code seq} and each DTC's
 * {@code lastSeen}), so
 * that a recurrence whose evidence is unchanged does not copy it again; computed when null.
 */
public record Evidence(Instant vehicleTime, Map<String, Object> trigger, Map<String, Double> signals,
                       Map<String, double[]> arraySignals, Map<String, List<TimedValue>> recent,
                       List<DtcView> dtcs, List<KnowledgeEntry> diagnosis, int dtcsOmitted, int signalsOmitted,
                       int historyPointsOmitted, String digest) {
    public Evidence {
        Objects.requireNonNull(vehicleTime, "vehicleTime");
        trigger = Collections.unmodifiableMap(new LinkedHashMap<>(trigger));
        signals = Map.copyOf(signals);
        arraySignals = Map.copyOf(arraySignals);
        recent = Map.copyOf(recent);
        dtcs = List.copyOf(dtcs);
        diagnosis = List.copyOf(diagnosis);
        if (dtcsOmitted < 0 || signalsOmitted < 0 || historyPointsOmitted < 0) {
            throw new IllegalArgumentException("omitted counts must be >= 0");
        }
        if (digest == null) {
            digest = digestOf(trigger, signals, arraySignals, recent, dtcs, diagnosis, dtcsOmitted, signalsOmitted,
                    historyPointsOmitted);
        }
    }

    /** Evidence that left nothing out. */
    public Evidence(Instant vehicleTime, Map<String, Object> trigger, Map<String, Double> signals,
                    Map<String, double[]> arraySignals, Map<String, List<TimedValue>> recent, List<DtcView> dtcs,
                    List<KnowledgeEntry> diagnosis) {
        this(vehicleTime, trigger, signals, arraySignals, recent, dtcs, diagnosis, 0, 0, 0, null);
    }

    /** Whether {@code other} holds the same content (same digest), whenever it was taken. */
    public boolean sameContentAs(Evidence other) {
        return other != null && digest.equals(other.digest);
    }

    /**
     * How much evidence one firing copies into a case.
     *
     * @param dtcs                   active DTCs copied (the firing's own first, then confirmed, then the most
     *                               recently seen); the rest are counted in {@code dtcsOmitted}
     * @param signals                signals copied, scalar and array together (those the trigger names first,
     *                               then by name); the rest are counted in {@code signalsOmitted}
     * @param historyPointsPerSignal newest history points copied per signal; the rest are counted in
     *                               {@code historyPointsOmitted}
     */
    public record Limits(int dtcs, int signals, int historyPointsPerSignal) {
        public static final int DEFAULT_DTCS = 50;
        public static final int DEFAULT_SIGNALS = 40;
        public static final int DEFAULT_HISTORY_POINTS = 120;
        public static final int MAX = 10_000;
        public static final Limits DEFAULTS = new Limits(DEFAULT_DTCS, DEFAULT_SIGNALS, DEFAULT_HISTORY_POINTS);

        public Limits {
            check("DTCs", dtcs);
            check("signals", signals);
            check("history points per signal", historyPointsPerSignal);
        }

        private static void check(String what, int n) {
            if (n < 0 || n > MAX) {
                throw new IllegalArgumentException("evidence " + what + " must be 0-" + MAX + ", got " + n);
            }
        }
    }

    private static String digestOf(Map<String, Object> trigger, Map<String, Double> signals,
                                   Map<String, double[]> arrays, Map<String, List<TimedValue>> recent,
                                   List<DtcView> dtcs, List<KnowledgeEntry> diagnosis, int dtcsOmitted,
                                   int signalsOmitted, int pointsOmitted) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) { // every JVM has SHA-256
            throw new IllegalStateException(e);
        }
        StringBuilder b = new StringBuilder(4096);
        TreeMap<String, Object> what = new TreeMap<>(trigger);
        what.remove("seq"); // the car's message number changes with every report: not content
        b.append(what).append('|').append(new TreeMap<>(signals)).append('|');
        new TreeMap<>(arrays).forEach((k, v) -> b.append(k).append('=').append(Arrays.toString(v)).append(';'));
        flush(md, b.append('|'));
        new TreeMap<>(recent).forEach((k, points) -> {
            b.append(k).append('=');
            for (TimedValue p : points) {
                b.append(p.ts()).append(':').append(p.value()).append(',');
            }
            flush(md, b.append(';'));
        });
        b.append('|');
        for (DtcView d : dtcs) { // lastSeen changes with every report of the ECU: not content
            b.append(d.ecu()).append(',').append(d.dtc()).append(',').append(d.state()).append(',')
                    .append(d.status()).append(',').append(d.firstSeen()).append(',').append(d.occurrences())
                    .append(',').append(d.j1939OccurrenceCount()).append(',').append(d.description()).append(';');
        }
        b.append('|');
        diagnosis.forEach(k -> b.append(k).append(';'));
        b.append('|').append(dtcsOmitted).append(',').append(signalsOmitted).append(',').append(pointsOmitted);
        flush(md, b);
        return HexFormat.of().formatHex(md.digest());
    }

    private static void flush(MessageDigest md, StringBuilder b) {
        md.update(b.toString().getBytes(StandardCharsets.UTF_8));
        b.setLength(0);
    }
}

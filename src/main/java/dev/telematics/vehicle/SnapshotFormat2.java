package dev.telematics.vehicle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.dtc.DtcLifecycle;
import dev.telematics.dtc.DtcState;
import dev.telematics.dtc.ReportedDtc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Snapshot format 2 (docs/state.md): compact binary, in a {@link SnapshotEnvelope}. The parts in a fixed
 * order; counts and lengths are varints, whole numbers zigzag varints, timestamps the
 * difference to the one before, series of reals {@link SnapshotOutput#writeDoubles scaled decimal deltas}
 * where exact (raw IEEE 754 otherwise), strings {@link SnapshotStrings one byte when well known}, written
 * once and then referred to by number. Stateless and thread-safe (the mapper is).
 */
final class SnapshotFormat2 {
    static final int FORMAT = 2;
    /** Scale byte: every value of the series raw. */
    static final int RAW = 0xFF;
    static final int MAX_SCALE = 9;
    static final long MAX_MANTISSA = 1L << 53;
    static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    /** Rule-state reals: as they are. */
    static final int REALS_PLAIN = 0;
    /** Rule-state reals of a forecast: its ages as times (see {@link #forecastOffsets}), then the rest. */
    static final int REALS_FORECAST = 1;
    /** The longest forecast step (a year in milliseconds). */
    static final long MAX_STEP = 366L * 24 * 3_600_000;
    /** No part of a car's state holds more items than this (signals, points, rules, DTCs). */
    static final int MAX_ITEMS = 1 << 20;
    private final ObjectMapper mapper;

    SnapshotFormat2(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    byte[] write(VehicleSnapshot s) {
        return SnapshotEnvelope.wrap(body(s), FORMAT);
    }

    /** The record's body, before the envelope. */
    byte[] body(VehicleSnapshot s) {
        SnapshotOutput out = new SnapshotOutput(8192);
        out.writeString(s.vin());
        out.writeLong(s.lastTimestamp());
        out.writeLong(s.lastSequence());
        out.writeLong(s.samples());
        out.writeCount(s.histories().size());
        for (Map.Entry<String, VehicleSnapshot.History> e : new TreeMap<>(s.histories()).entrySet()) {
            out.writeString(e.getKey());
            out.writeCount(e.getValue().timestamps().length);
            out.writeTimestamps(e.getValue().timestamps());
            out.writeDoubles(e.getValue().values());
        }
        out.writeCount(s.arrays().size());
        for (Map.Entry<String, double[]> e : new TreeMap<>(s.arrays()).entrySet()) {
            out.writeString(e.getKey());
            out.writeCount(e.getValue().length);
            out.writeDoubles(e.getValue());
        }
        out.writeCount(s.dtcs().size());
        for (DtcLifecycle.Saved d : s.dtcs()) {
            out.writeString(d.ecu());
            out.writeBytes(json(d.dtc()));
            out.writeString(d.state().name());
            out.writeLong(d.firstSeen());
            out.writeLong(d.lastSeen() - d.firstSeen());
            out.writeLong(d.occurrences());
            out.writeCount(d.firedRules().size());
            d.firedRules().forEach(out::writeString);
        }
        longMap(out, s.dtcReportTimes());
        longMap(out, s.lastFired());
        out.writeCount(s.rules().size());
        for (VehicleSnapshot.RuleState r : s.rules()) {
            out.writeString(r.rule());
            out.writeString(r.kind());
            out.writeString(r.fingerprint());
            out.writeCount(r.longs().length);
            for (long v : r.longs()) {
                out.writeLong(v);
            }
            long[] offsets = forecastOffsets(r);
            if (offsets == null) {
                out.writeByte(REALS_PLAIN);
                out.writeCount(r.doubles().length);
                out.writeDoubles(r.doubles());
            } else { // ages written as the times they stand for: a byte or two each, not eight
                int n = offsets.length - 1;
                out.writeByte(REALS_FORECAST);
                out.writeUnsigned(offsets[n]);
                out.writeTimestamps(Arrays.copyOf(offsets, n));
                double[] rest = new double[1 + n];
                rest[0] = r.doubles()[0];
                System.arraycopy(r.doubles(), 1 + n, rest, 1, n);
                out.writeDoubles(rest);
            }
        }
        return out.toByteArray();
    }

    /** Reads a record (see {@link SnapshotEnvelope}); anything else is refused. */
    VehicleSnapshot read(byte[] bytes) {
        SnapshotInput in = SnapshotEnvelope.open(bytes, FORMAT);
        try {
            return read(in);
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("unreadable vehicle snapshot") ? e
                    : in.fail(e.getMessage());
        } catch (RuntimeException e) {
            throw in.fail(e.toString());
        }
    }

    private VehicleSnapshot read(SnapshotInput in) {
        String vin = in.readString("vin");
        long lastTs = in.readLong();
        long lastSeq = in.readLong();
        long samples = in.readLong();
        Map<String, VehicleSnapshot.History> histories = new TreeMap<>();
        for (int i = 0, n = in.readCount("histories", MAX_ITEMS, 3); i < n; i++) {
            String name = in.readString("history name");
            int points = in.readCount("history points", MAX_ITEMS, 2);
            long[] ts = in.readTimestamps(points);
            histories.put(name, new VehicleSnapshot.History(ts, in.readDoubles(name, points)));
        }
        Map<String, double[]> arrays = new TreeMap<>();
        for (int i = 0, n = in.readCount("arrays", MAX_ITEMS, 3); i < n; i++) {
            String name = in.readString("array name");
            arrays.put(name, in.readDoubles(name, in.readCount("array values", MAX_ITEMS, 1)));
        }
        List<DtcLifecycle.Saved> dtcs = new ArrayList<>();
        for (int i = 0, n = in.readCount("dtcs", MAX_ITEMS, 7); i < n; i++) {
            String ecu = in.readString("ecu");
            ReportedDtc dtc = dtc(in.readBytes("dtc"), in);
            DtcState state = dtcState(in.readString("dtc state"), in);
            long firstSeen = in.readLong();
            long lastSeen = firstSeen + in.readLong();
            long occurrences = in.readLong();
            if (occurrences < 1 || occurrences > Integer.MAX_VALUE) {
                throw in.fail("dtc occurrences " + occurrences);
            }
            List<String> fired = new ArrayList<>();
            for (int k = 0, m = in.readCount("fired rules", MAX_ITEMS, 1); k < m; k++) {
                fired.add(in.readString("fired rule"));
            }
            dtcs.add(new DtcLifecycle.Saved(ecu, dtc, state, firstSeen, lastSeen, (int) occurrences, fired));
        }
        Map<String, Long> reportTimes = longMap(in, "dtc report times");
        Map<String, Long> lastFired = longMap(in, "last fired");
        List<VehicleSnapshot.RuleState> rules = new ArrayList<>();
        for (int i = 0, n = in.readCount("rule states", MAX_ITEMS, 5); i < n; i++) {
            String rule = in.readString("rule");
            String kind = in.readString("rule kind");
            String fp = in.readString("rule fingerprint");
            long[] longs = new long[in.readCount("rule longs", MAX_ITEMS, 1)];
            for (int k = 0; k < longs.length; k++) {
                longs[k] = in.readLong();
            }
            double[] doubles = switch (in.readByte()) {
                case REALS_PLAIN -> in.readDoubles(rule, in.readCount("rule reals", MAX_ITEMS, 1));
                case REALS_FORECAST -> forecastReals(in, rule, longs);
                default -> throw in.fail(rule + ": unknown layout of reals");
            };
            rules.add(new VehicleSnapshot.RuleState(rule, kind, fp, longs, doubles));
        }
        if (!in.atEnd()) {
            throw in.fail("bytes after the end");
        }
        return new VehicleSnapshot(FORMAT, vin, lastTs, lastSeq, samples, histories, arrays, dtcs, reportTimes,
                lastFired, rules);
    }

    /**
     * A forecast state's ages (doubles 1..n, in steps of the rule's {@code every}, which the state does not
     * hold) as whole milliseconds since its origin, followed by the step: when the layout is the forecast's
     * (docs/state.md) and every age is exactly {@code offset / step} for the step that its last age and its
     * time span give. Null otherwise (the reals are written as they are).
     */
    static long[] forecastOffsets(VehicleSnapshot.RuleState r) {
        long[] l = r.longs();
        double[] d = r.doubles();
        if (!r.kind().equals("forecast") || l.length != 5 || l[0] < 1 || l[0] > MAX_ITEMS || d.length != 1 + 2 * l[0]) {
            return null;
        }
        int n = (int) l[0];
        double span = (double) l[2] - l[1];
        double lastAge = d[n];
        if (!(lastAge > 0 && span > 0)) {
            return null;
        }
        long step = Math.round(span / lastAge);
        if (step < 1 || step > MAX_STEP) {
            return null;
        }
        long[] offsets = new long[n + 1];
        for (int i = 0; i < n; i++) {
            double x = d[1 + i] * step;
            if (!(Math.abs(x) < MAX_MANTISSA)) {
                return null;
            }
            offsets[i] = Math.round(x);
            if (Double.doubleToRawLongBits((double) offsets[i] / step) != Double.doubleToRawLongBits(d[1 + i])) {
                return null;
            }
        }
        offsets[n] = step;
        return offsets;
    }

    private static double[] forecastReals(SnapshotInput in, String rule, long[] longs) {
        if (longs.length != 5 || longs[0] < 1 || longs[0] > MAX_ITEMS) {
            throw in.fail(rule + ": forecast reals without a forecast's whole numbers");
        }
        int n = in.checkCount(rule + " points", longs[0], 2);
        long step = in.readUnsigned();
        if (step < 1 || step > MAX_STEP) {
            throw in.fail(rule + ": forecast step " + Long.toUnsignedString(step));
        }
        long[] offsets = in.readTimestamps(n);
        double[] rest = in.readDoubles(rule, 1 + n);
        double[] d = new double[1 + 2 * n];
        d[0] = rest[0];
        for (int i = 0; i < n; i++) {
            if (Math.abs(offsets[i]) > MAX_MANTISSA) {
                throw in.fail(rule + ": forecast age out of range");
            }
            d[1 + i] = (double) offsets[i] / step;
        }
        System.arraycopy(rest, 1, d, 1 + n, n);
        return d;
    }

    private byte[] json(ReportedDtc dtc) {
        try {
            return mapper.writeValueAsBytes(dtc);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a record of plain values: does not happen
        }
    }

    private ReportedDtc dtc(byte[] json, SnapshotInput in) {
        try {
            return mapper.readValue(json, ReportedDtc.class);
        } catch (IOException | RuntimeException e) {
            throw in.fail("dtc: " + e.getMessage());
        }
    }

    private static DtcState dtcState(String name, SnapshotInput in) {
        try {
            return DtcState.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw in.fail("dtc state " + name);
        }
    }

    private static void longMap(SnapshotOutput out, Map<String, Long> m) {
        out.writeCount(m.size());
        for (Map.Entry<String, Long> e : new TreeMap<>(m).entrySet()) {
            out.writeString(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    private static Map<String, Long> longMap(SnapshotInput in, String what) {
        Map<String, Long> m = new TreeMap<>();
        for (int i = 0, n = in.readCount(what, MAX_ITEMS, 2); i < n; i++) {
            m.put(in.readString(what), in.readLong());
        }
        return m;
    }
}

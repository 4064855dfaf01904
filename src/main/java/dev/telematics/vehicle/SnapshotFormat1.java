package dev.telematics.vehicle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.dtc.DtcLifecycle;
import dev.telematics.dtc.DtcState;
import dev.telematics.dtc.ReportedDtc;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Snapshot format 1 (docs/state.md), read only: gzip-compressed JSON, as the engine wrote it before
 * format 2. Rows of that format stay in databases until their car changes, so they are still read.
 * Stateless and thread-safe (the mapper is).
 */
final class SnapshotFormat1 {
    static final int FORMAT = 1;
    /** A snapshot larger than this (uncompressed) is refused when read: the row was not written by us. */
    static final int MAX_JSON_BYTES = 64 << 20;
    private final ObjectMapper mapper;

    SnapshotFormat1(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Reads gzip-compressed JSON; anything else, or JSON that is not format 1, is refused. */
    VehicleSnapshot read(byte[] bytes) {
        JsonNode n;
        try (InputStream in = new BoundedInput(new GZIPInputStream(new ByteArrayInputStream(bytes)), MAX_JSON_BYTES)) {
            n = mapper.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable vehicle snapshot: " + e.getMessage(), e);
        }
        try {
            int format = required(n, "format").intValue();
            if (format != FORMAT) {
                throw new IllegalArgumentException("vehicle snapshot format " + format + " in JSON (this engine reads "
                        + "format 1 as JSON, format " + VehicleSnapshot.FORMAT + " as binary)");
            }
            Map<String, VehicleSnapshot.History> histories = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = required(n, "histories").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                long t0 = required(e.getValue(), "t0").longValue();
                JsonNode dt = required(e.getValue(), "dt");
                long[] ts = new long[dt.size() + 1];
                ts[0] = t0;
                for (int i = 0; i < dt.size(); i++) {
                    ts[i + 1] = t0 + dt.get(i).longValue();
                }
                histories.put(e.getKey(), new VehicleSnapshot.History(ts, doubles(required(e.getValue(), "v"))));
            }
            Map<String, double[]> arrays = new TreeMap<>();
            required(n, "arrays").fields().forEachRemaining(e -> arrays.put(e.getKey(), doubles(e.getValue())));
            List<DtcLifecycle.Saved> dtcs = new ArrayList<>();
            for (JsonNode d : required(n, "dtcs")) {
                List<String> fired = new ArrayList<>();
                required(d, "firedRules").forEach(r -> fired.add(r.asText()));
                dtcs.add(new DtcLifecycle.Saved(required(d, "ecu").asText(),
                        mapper.treeToValue(required(d, "dtc"), ReportedDtc.class),
                        DtcState.valueOf(required(d, "state").asText()), required(d, "firstSeen").longValue(),
                        required(d, "lastSeen").longValue(), required(d, "occurrences").intValue(), fired));
            }
            List<VehicleSnapshot.RuleState> rules = new ArrayList<>();
            for (JsonNode r : required(n, "rules")) {
                JsonNode l = required(r, "l");
                long[] longs = new long[l.size()];
                for (int i = 0; i < longs.length; i++) {
                    longs[i] = l.get(i).longValue();
                }
                rules.add(new VehicleSnapshot.RuleState(required(r, "rule").asText(), required(r, "kind").asText(),
                        required(r, "fp").asText(), longs, doubles(required(r, "d"))));
            }
            return new VehicleSnapshot(format, required(n, "vin").asText(), required(n, "lastTs").longValue(),
                    required(n, "lastSeq").longValue(), required(n, "samples").longValue(), histories, arrays, dtcs,
                    longMap(required(n, "dtcReportTimes")), longMap(required(n, "lastFired")), rules);
        } catch (IOException | RuntimeException e) {
            throw e instanceof IllegalArgumentException iae ? iae
                    : new IllegalArgumentException("unreadable vehicle snapshot: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("vehicle snapshot without '" + field + "'");
        }
        return v;
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = a.get(i);
            out[i] = v.isTextual() ? Double.parseDouble(v.asText()) : v.doubleValue();
        }
        return out;
    }

    private static Map<String, Long> longMap(JsonNode n) {
        Map<String, Long> m = new TreeMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().longValue()));
        return m;
    }

    /** Refuses to inflate more than a bound (a corrupt or hostile row cannot exhaust the memory). */
    private static final class BoundedInput extends FilterInputStream {
        private long left;

        BoundedInput(InputStream in, long max) {
            super(in);
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --left < 0) {
                throw new IOException("snapshot larger than " + MAX_JSON_BYTES + " bytes");
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int r = super.read(buf, off, len);
            if (r > 0 && (left -= r) < 0) {
                throw new IOException("snapshot larger than " + MAX_JSON_BYTES + " bytes");
            }
            return r;
        }
    }
}

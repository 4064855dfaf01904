package dev.telematics.vehicle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.telematics.dtc.DtcLifecycle;
import dev.telematics.dtc.DtcState;
import dev.telematics.dtc.ReportedDtc;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@link VehicleSnapshot} to bytes and back: gzip-compressed JSON, laid out in docs/state.md (format 1).
 * A history's timestamps are written as the first one and the differences to it, which JSON and gzip
 * keep short. Numbers that are not finite (a forecast's unset last value) are written as strings.
 *
 * <p>Thread-safe (no state but the mapper, which is).
 */
public final class VehicleSnapshotCodec {
    /** A snapshot larger than this (uncompressed) is refused when read: the row was not written by us. */
    public static final int MAX_JSON_BYTES = 64 << 20;
    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER) // histories are mostly doubles
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build()).build();

    public byte[] encode(VehicleSnapshot s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (OutputStream zip = new GZIPOutputStream(bytes, 8192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }; JsonGenerator g = mapper.getFactory().createGenerator(zip)) {
            g.writeStartObject();
            g.writeNumberField("format", s.format());
            g.writeStringField("vin", s.vin());
            g.writeNumberField("lastTs", s.lastTimestamp());
            g.writeNumberField("lastSeq", s.lastSequence());
            g.writeNumberField("samples", s.samples());
            g.writeObjectFieldStart("histories");
            for (Map.Entry<String, VehicleSnapshot.History> e : new TreeMap<>(s.histories()).entrySet()) {
                long[] ts = e.getValue().timestamps();
                g.writeObjectFieldStart(e.getKey());
                g.writeNumberField("t0", ts[0]);
                g.writeArrayFieldStart("dt");
                for (int i = 1; i < ts.length; i++) {
                    g.writeNumber(ts[i] - ts[0]);
                }
                g.writeEndArray();
                g.writeFieldName("v");
                doubles(g, e.getValue().values());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("arrays");
            for (Map.Entry<String, double[]> e : new TreeMap<>(s.arrays()).entrySet()) {
                g.writeFieldName(e.getKey());
                doubles(g, e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("dtcs");
            for (DtcLifecycle.Saved d : s.dtcs()) {
                g.writeStartObject();
                g.writeStringField("ecu", d.ecu());
                g.writeFieldName("dtc");
                mapper.writeValue(g, d.dtc());
                g.writeStringField("state", d.state().name());
                g.writeNumberField("firstSeen", d.firstSeen());
                g.writeNumberField("lastSeen", d.lastSeen());
                g.writeNumberField("occurrences", d.occurrences());
                g.writeArrayFieldStart("firedRules");
                for (String r : d.firedRules()) {
                    g.writeString(r);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            longMap(g, "dtcReportTimes", s.dtcReportTimes());
            longMap(g, "lastFired", s.lastFired());
            g.writeArrayFieldStart("rules");
            for (VehicleSnapshot.RuleState r : s.rules()) {
                g.writeStartObject();
                g.writeStringField("rule", r.rule());
                g.writeStringField("kind", r.kind());
                g.writeStringField("fp", r.fingerprint());
                g.writeArrayFieldStart("l");
                for (long v : r.longs()) {
                    g.writeNumber(v);
                }
                g.writeEndArray();
                g.writeFieldName("d");
                doubles(g, r.doubles());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a snapshot; anything that is not one of ours (not gzip, not JSON, missing or wrong fields, a
     * newer format) is refused with an {@link IllegalArgumentException} naming what is wrong.
     */
    public VehicleSnapshot decode(byte[] bytes) {
        JsonNode n;
        try (InputStream in = new BoundedInput(new GZIPInputStream(new ByteArrayInputStream(bytes)), MAX_JSON_BYTES)) {
            n = mapper.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable vehicle snapshot: " + e.getMessage(), e);
        }
        try {
            int format = required(n, "format").intValue();
            if (format != VehicleSnapshot.FORMAT) {
                throw new IllegalArgumentException("vehicle snapshot format " + format + " (this engine reads "
                        + VehicleSnapshot.FORMAT + ")");
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

    private static void doubles(JsonGenerator g, double[] values) throws IOException {
        g.writeStartArray();
        for (double v : values) {
            if (Double.isFinite(v)) {
                g.writeNumber(v);
            } else {
                g.writeString(Double.toString(v));
            }
        }
        g.writeEndArray();
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = a.get(i);
            out[i] = v.isTextual() ? Double.parseDouble(v.asText()) : v.doubleValue();
        }
        return out;
    }

    private static void longMap(JsonGenerator g, String field, Map<String, Long> m) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, Long> e : new TreeMap<>(m).entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
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

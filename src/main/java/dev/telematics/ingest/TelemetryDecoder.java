package dev.telematics.ingest;

import dev.telematics.handoff.RejectReason;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.SignalDef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;

/**
 * Decodes a {@code vehicles/{VIN}/telemetry} payload (one sample or {@code {"samples": [...]}}) into
 * validated samples, keeping every usable signal and counting what it drops.
 *
 * <p>The payload is read as a token stream (no JSON tree is built): this runs once per message on the
 * hot path. The whole payload is always read, so a syntax error anywhere (duplicate key, NaN, trailing
 * content) rejects it as {@code MALFORMED_JSON} before any other reason. Thread-safe.
 */
public final class TelemetryDecoder {
    public static final int MAX_SAMPLES_PER_BATCH = 1_000;
    public static final int MAX_ARRAY_LENGTH = 2_000;
    private final ObjectMapper json;
    private final SignalCatalog catalog;
    private final IngestStats stats;
    private final TimestampPolicy timestamps;

    public TelemetryDecoder(ObjectMapper json, SignalCatalog catalog, IngestStats stats, TimestampPolicy timestamps) {
        this.json = json;
        this.catalog = catalog;
        this.stats = stats;
        this.timestamps = timestamps;
    }

    public Decoded<List<Sample>> decode(byte[] payload, long nowMillis) {
        RawSample single = new RawSample();
        List<RawSample> batch = null;
        String batchProblem = null;
        try (JsonParser p = json.getFactory().createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Decoded.reject(RejectReason.MALFORMED_JSON, "payload must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "samples" -> {
                        batch = new ArrayList<>();
                        batchProblem = samples(p, t, batch);
                    }
                    case "ts" -> single.ts = Field.of(p, t);
                    case "seq" -> single.seq = Field.of(p, t);
                    case "signals" -> signals(p, t, single);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                return Decoded.reject(RejectReason.MALFORMED_JSON, "trailing content after the JSON object");
            }
        } catch (IOException e) {
            return Decoded.reject(RejectReason.MALFORMED_JSON, firstLine(e.getMessage()));
        }
        if (batch == null) {
            Decoded<Sample> one = single.validate(nowMillis);
            return one.accepted() ? Decoded.ok(List.of(one.value())) : Decoded.reject(one.reason(), one.detail());
        }
        if (batchProblem != null) {
            return Decoded.reject(RejectReason.INVALID_FIELD, batchProblem);
        }
        List<Sample> out = new ArrayList<>(batch.size());
        Decoded<Sample> firstRejection = null;
        for (RawSample raw : batch) {
            Decoded<Sample> d = raw.validate(nowMillis);
            if (d.accepted()) {
                out.add(d.value());
            } else {
                stats.droppedSample(d.reason());
                firstRejection = firstRejection == null ? d : firstRejection;
            }
        }
        if (out.isEmpty()) {
            return Decoded.reject(firstRejection.reason(), "no usable sample in batch: " + firstRejection.detail());
        }
        return Decoded.ok(out);
    }

    /** Reads the {@code samples} array; returns what is wrong with it as a whole, or null. */
    private String samples(JsonParser p, JsonToken t, List<RawSample> batch) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return "'samples' must be a non-empty array";
        }
        int count = 0;
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            count++;
            if (count > MAX_SAMPLES_PER_BATCH) {
                p.skipChildren();
                continue;
            }
            RawSample raw = new RawSample();
            if (e != JsonToken.START_OBJECT) {
                p.skipChildren();
                raw.problem = "each sample must be a JSON object";
            } else {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (field) {
                        case "ts" -> raw.ts = Field.of(p, v);
                        case "seq" -> raw.seq = Field.of(p, v);
                        case "signals" -> signals(p, v, raw);
                        default -> p.skipChildren();
                    }
                }
            }
            batch.add(raw);
        }
        if (count == 0) {
            return "'samples' must be a non-empty array";
        }
        if (count > MAX_SAMPLES_PER_BATCH) {
            return "a batch may hold at most " + MAX_SAMPLES_PER_BATCH + " samples, got " + count;
        }
        return null;
    }

    private void signals(JsonParser p, JsonToken t, RawSample raw) throws IOException {
        raw.signalsToken = t;
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            SignalDef def = catalog.get(p.currentName());
            JsonToken v = p.nextToken();
            if (def == null) {
                raw.unknown++;
                p.skipChildren();
            } else if (!value(p, v, def, raw)) {
                raw.invalid++;
            }
        }
    }

    /** Reads one signal value (the parser is on its first token); false when it is not usable. */
    private static boolean value(JsonParser p, JsonToken t, SignalDef def, RawSample raw) throws IOException {
        switch (def.type()) {
            case NUMBER -> {
                if (t.isNumeric()) {
                    double v = p.getDoubleValue();
                    if (def.inRange(v)) {
                        raw.scalar(def.path(), v);
                        return true;
                    }
                }
                p.skipChildren();
                return false;
            }
            case BOOLEAN -> {
                if (t.isBoolean()) {
                    raw.scalar(def.path(), t == JsonToken.VALUE_TRUE ? 1.0 : 0.0);
                    return true;
                }
                p.skipChildren();
                return false;
            }
            case NUMBER_ARRAY -> {
                if (t != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    return false;
                }
                double[] out = new double[16];
                int n = 0;
                boolean ok = true;
                JsonToken x;
                while ((x = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (!ok) {
                        p.skipChildren();
                        continue;
                    }
                    if (!x.isNumeric() || n >= MAX_ARRAY_LENGTH) {
                        ok = false;
                        p.skipChildren();
                        continue;
                    }
                    double v = p.getDoubleValue();
                    if (!def.inRange(v)) {
                        ok = false;
                        continue;
                    }
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = v;
                }
                if (!ok || n == 0) {
                    return false;
                }
                raw.array(def.path(), Arrays.copyOf(out, n));
                return true;
            }
            default -> {
                p.skipChildren();
                return false;
            }
        }
    }

    /**
     * A scalar field as read from the stream: its token, its integer value when it has one, and its text
     * for error messages ({@code "an object"} / {@code "an array"} for containers).
     */
    private record Field(JsonToken token, boolean fitsLong, long longValue, String text) {
        static Field of(JsonParser p, JsonToken t) throws IOException {
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                p.skipChildren();
                return new Field(t, false, 0, t == JsonToken.START_OBJECT ? "an object" : "an array");
            }
            if (t == JsonToken.VALUE_NUMBER_INT) {
                boolean fits = p.getNumberType() == JsonParser.NumberType.INT
                        || p.getNumberType() == JsonParser.NumberType.LONG;
                return new Field(t, fits, fits ? p.getLongValue() : 0, p.getText());
            }
            return new Field(t, false, 0, t == JsonToken.VALUE_STRING ? "\"" + p.getText() + "\"" : p.getText());
        }

        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        String clipped() {
            return text.length() > 40 ? text.substring(0, 40) + "..." : text;
        }
    }

    /** One sample as read, before validation; signal counts go to the stats only if the sample is kept. */
    private final class RawSample {
        Field ts;
        Field seq;
        JsonToken signalsToken;
        String problem;
        int unknown;
        int invalid;
        String[] names = new String[24];
        double[] values = new double[24];
        int size;
        Map<String, double[]> arrays;

        void scalar(String name, double v) {
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size++] = v;
        }

        void array(String name, double[] v) {
            if (arrays == null) {
                arrays = new HashMap<>();
            }
            arrays.put(name, v);
        }

        Decoded<Sample> validate(long nowMillis) {
            if (problem != null) {
                return Decoded.reject(RejectReason.INVALID_FIELD, problem);
            }
            if (ts == null || ts.isNull()) {
                return TimestampPolicy.missing();
            }
            if (!ts.fitsLong() || ts.longValue() < 0) {
                return TimestampPolicy.invalid(ts.clipped());
            }
            Decoded<Long> t = timestamps.check(ts.longValue(), nowMillis);
            if (!t.accepted()) {
                return Decoded.reject(t.reason(), t.detail());
            }
            long s = Sample.NO_SEQUENCE;
            if (seq != null && !seq.isNull()) {
                if (!seq.fitsLong() || seq.longValue() < 0) {
                    return Decoded.reject(RejectReason.INVALID_FIELD, "'seq' must be an integer >= 0, got " + seq.clipped());
                }
                s = seq.longValue();
            }
            if (signalsToken == null || signalsToken == JsonToken.VALUE_NULL) {
                return Decoded.reject(RejectReason.MISSING_FIELD, "missing 'signals'");
            }
            if (signalsToken != JsonToken.START_OBJECT) {
                return Decoded.reject(RejectReason.INVALID_FIELD, "'signals' must be an object of VSS path -> value");
            }
            for (int i = 0; i < unknown; i++) {
                stats.unknownSignal();
            }
            for (int i = 0; i < invalid; i++) {
                stats.invalidSignalValue();
            }
            if (size == 0 && arrays == null) {
                return Decoded.reject(RejectReason.NO_VALID_SIGNALS, "no known signal with a valid value");
            }
            return Decoded.ok(Sample.decoded(t.value(), s, names, values, size, arrays == null ? Map.of() : arrays));
        }
    }

    static String clip(JsonNode n) {
        String s = n.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unparseable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}

package dev.telematics.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.SignalDef;
import dev.telematics.vehicle.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Decodes a {@code vehicles/{VIN}/telemetry} payload (one sample or {@code {"samples": [...]}}) into
 * validated samples, keeping every usable signal and counting what it drops. Thread-safe.
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
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (IOException e) {
            return Decoded.reject(RejectReason.MALFORMED_JSON, firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return Decoded.reject(RejectReason.MALFORMED_JSON, "payload must be a JSON object");
        }
        if (!root.has("samples")) {
            Decoded<Sample> one = sample(root, nowMillis);
            return one.accepted() ? Decoded.ok(List.of(one.value())) : Decoded.reject(one.reason(), one.detail());
        }
        JsonNode arr = root.get("samples");
        if (!arr.isArray() || arr.isEmpty()) {
            return Decoded.reject(RejectReason.INVALID_FIELD, "'samples' must be a non-empty array");
        }
        if (arr.size() > MAX_SAMPLES_PER_BATCH) {
            return Decoded.reject(RejectReason.INVALID_FIELD,
                    "a batch may hold at most " + MAX_SAMPLES_PER_BATCH + " samples, got " + arr.size());
        }
        List<Sample> out = new ArrayList<>(arr.size());
        Decoded<Sample> firstRejection = null;
        for (JsonNode n : arr) {
            Decoded<Sample> d = n.isObject() ? sample(n, nowMillis)
                    : Decoded.reject(RejectReason.INVALID_FIELD, "each sample must be a JSON object");
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

    private Decoded<Sample> sample(JsonNode n, long nowMillis) {
        Decoded<Long> ts = timestamps.check(n.get("ts"), nowMillis);
        if (!ts.accepted()) {
            return Decoded.reject(ts.reason(), ts.detail());
        }
        long t = ts.value();
        long seq = Sample.NO_SEQUENCE;
        JsonNode s = n.get("seq");
        if (s != null && !s.isNull()) {
            if (!s.isIntegralNumber() || !s.canConvertToLong() || s.asLong() < 0) {
                return Decoded.reject(RejectReason.INVALID_FIELD, "'seq' must be an integer >= 0, got " + clip(s));
            }
            seq = s.asLong();
        }
        JsonNode signals = n.get("signals");
        if (signals == null || signals.isNull()) {
            return Decoded.reject(RejectReason.MISSING_FIELD, "missing 'signals'");
        }
        if (!signals.isObject()) {
            return Decoded.reject(RejectReason.INVALID_FIELD, "'signals' must be an object of VSS path -> value");
        }
        Map<String, Double> scalars = new HashMap<>();
        Map<String, double[]> arrays = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = signals.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            SignalDef def = catalog.get(e.getKey());
            if (def == null) {
                stats.unknownSignal();
            } else if (!value(def, e.getValue(), scalars, arrays)) {
                stats.invalidSignalValue();
            }
        }
        if (scalars.isEmpty() && arrays.isEmpty()) {
            return Decoded.reject(RejectReason.NO_VALID_SIGNALS, "no known signal with a valid value");
        }
        return Decoded.ok(new Sample(t, seq, scalars, arrays));
    }

    private static boolean value(SignalDef def, JsonNode v, Map<String, Double> scalars, Map<String, double[]> arrays) {
        switch (def.type()) {
            case NUMBER -> {
                if (v.isNumber() && def.inRange(v.asDouble())) {
                    scalars.put(def.path(), v.asDouble());
                    return true;
                }
                return false;
            }
            case BOOLEAN -> {
                if (v.isBoolean()) {
                    scalars.put(def.path(), v.asBoolean() ? 1.0 : 0.0);
                    return true;
                }
                return false;
            }
            case NUMBER_ARRAY -> {
                if (!v.isArray() || v.isEmpty() || v.size() > MAX_ARRAY_LENGTH) {
                    return false;
                }
                double[] out = new double[v.size()];
                for (int i = 0; i < out.length; i++) {
                    JsonNode x = v.get(i);
                    if (!x.isNumber() || !def.inRange(x.asDouble())) {
                        return false;
                    }
                    out[i] = x.asDouble();
                }
                arrays.put(def.path(), out);
                return true;
            }
            default -> {
                return false;
            }
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

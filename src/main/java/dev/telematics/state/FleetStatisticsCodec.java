package dev.telematics.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.telematics.predict.FleetStatistics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The fleet statistics (each vehicle's latest value per model and signal) to bytes and back: gzip-compressed
 * JSON {@code {"format":1,"models":{model:{signal:{vin:value}}}}}. Thread-safe.
 */
public final class FleetStatisticsCodec {
    public static final int FORMAT = 1;
    private final ObjectMapper mapper = JsonMapper.builder().build();

    public byte[] encode(List<FleetStatistics.Saved> values) {
        Map<String, Map<String, Map<String, Double>>> models = new TreeMap<>();
        for (FleetStatistics.Saved s : values) {
            models.computeIfAbsent(s.model(), k -> new TreeMap<>()).computeIfAbsent(s.signal(), k -> new TreeMap<>())
                    .put(s.vehicle(), s.value());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream zip = new GZIPOutputStream(bytes)) {
            mapper.writeValue(zip, Map.of("format", FORMAT, "models", models));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The saved values; refuses (IllegalArgumentException) anything that is not format 1. */
    public List<FleetStatistics.Saved> decode(byte[] bytes) {
        JsonNode n;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            n = mapper.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable fleet statistics: " + e.getMessage(), e);
        }
        if (n == null || n.path("format").asInt() != FORMAT || !n.path("models").isObject()) {
            throw new IllegalArgumentException("fleet statistics not in format " + FORMAT);
        }
        List<FleetStatistics.Saved> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> m = n.get("models").fields(); m.hasNext(); ) {
            Map.Entry<String, JsonNode> model = m.next();
            model.getValue().fields().forEachRemaining(signal -> signal.getValue().fields().forEachRemaining(v ->
                    out.add(new FleetStatistics.Saved(model.getKey(), signal.getKey(), v.getKey(),
                            v.getValue().doubleValue()))));
        }
        return out;
    }
}

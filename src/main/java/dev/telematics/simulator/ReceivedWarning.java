package dev.telematics.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An owner warning a simulated car received on {@code vehicles/{VIN}/warnings}. Fields absent from the
 * payload (or a payload that is not JSON) give {@code null}; {@code payload} always keeps the raw text.
 *
 * <p>Immutable and thread-safe; serialisable with Jackson.
 *
 * @param vin              the receiving car
 * @param warningId        {@code warningId} of the payload
 * @param ruleId           {@code ruleId}
 * @param severity         {@code severity}
 * @param title            {@code title}
 * @param text             {@code text}
 * @param caseNumber       {@code caseNumber}, {@code null} when the rule opened no case
 * @param receivedAtMillis when the car received it (epoch ms of the simulator clock)
 * @param payload          the raw payload as UTF-8 text
 * @param sourceTs         {@code sourceTs}: the car's timestamp of the message that made the rule fire, or null
 * @param forecast         the payload's {@code forecast} for a predictive warning, or null
 */
public record ReceivedWarning(String vin, String warningId, String ruleId, String severity, String title,
                             String text, String caseNumber, long receivedAtMillis, String payload, Long sourceTs,
                             Forecast forecast) {

    /** A predictive warning's forecast as the payload gives it (ISO-8601 instants; an interval end may be null). */
    public record Forecast(String signal, Double limit, String crossing, String intervalLow, String intervalHigh) {
    }

    /**
     * Car publish to owner warning, in ms (the car stamps {@code ts} when it publishes), or null. Null for a
     * predictive warning: the sample that completed its forecast may be one the car had buffered (uploaded
     * days after its timestamp), so its timestamp says nothing of the engine's speed.
     */
    public Long latencyMillis() {
        return sourceTs == null || forecast != null ? null : receivedAtMillis - sourceTs;
    }
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses a warning payload; never throws for a bad payload. */
    public static ReceivedWarning parse(String vin, byte[] payload, long receivedAtMillis) {
        String raw = new String(payload, StandardCharsets.UTF_8);
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            return new ReceivedWarning(vin, null, null, null, null, null, null, receivedAtMillis, raw, null, null);
        }
        return new ReceivedWarning(vin, text(node, "warningId"), text(node, "ruleId"), text(node, "severity"),
                text(node, "title"), text(node, "text"), text(node, "caseNumber"), receivedAtMillis, raw,
                node.path("sourceTs").isIntegralNumber() ? node.get("sourceTs").asLong() : null, forecast(node));
    }

    private static Forecast forecast(JsonNode node) {
        JsonNode f = node.get("forecast");
        if (f == null || !f.isObject()) {
            return null;
        }
        return new Forecast(text(f, "signal"), f.path("limit").isNumber() ? f.get("limit").asDouble() : null,
                text(f, "crossing"), text(f, "intervalLow"), text(f, "intervalHigh"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }
}

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
 */
public record ReceivedWarning(String vin, String warningId, String ruleId, String severity, String title,
                             String text, String caseNumber, long receivedAtMillis, String payload, Long sourceTs) {

    /** Car publish to owner warning, in ms (the car stamps {@code ts} when it publishes), or null. */
    public Long latencyMillis() {
        return sourceTs == null ? null : receivedAtMillis - sourceTs;
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
            return new ReceivedWarning(vin, null, null, null, null, null, null, receivedAtMillis, raw, null);
        }
        return new ReceivedWarning(vin, text(node, "warningId"), text(node, "ruleId"), text(node, "severity"),
                text(node, "title"), text(node, "text"), text(node, "caseNumber"), receivedAtMillis, raw,
                node.path("sourceTs").isIntegralNumber() ? node.get("sourceTs").asLong() : null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }
}

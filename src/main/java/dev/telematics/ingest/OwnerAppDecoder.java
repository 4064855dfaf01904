package dev.telematics.ingest;

import dev.telematics.handoff.RejectReason;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.handoff.OwnerLanguage;
import java.io.IOException;

/**
 * Decodes what the owner app publishes: {@code {"warningId": "W-...", "caseNumber": "SC-000042"}} on
 * {@code vehicles/{VIN}/warnings/ack}, {@code {"language": "zh-CN"}} on {@code vehicles/{VIN}/owner/settings},
 * and {@code {"remoteDiagnostics": true}} on {@code vehicles/{VIN}/owner/consent}.
 * Thread-safe.
 */
public final class OwnerAppDecoder {
    private static final int MAX_ID = 100;
    private final ObjectMapper json;

    /** An owner's acknowledgement of a warning. */
    public record Ack(String warningId, String caseNumber) {
    }

    public OwnerAppDecoder(ObjectMapper json) {
        this.json = json;
    }

    public Decoded<Ack> ack(byte[] payload) {
        Decoded<JsonNode> root = object(payload);
        if (!root.accepted()) {
            return Decoded.reject(root.reason(), root.detail());
        }
        Decoded<String> warning = text(root.value(), "warningId");
        if (!warning.accepted()) {
            return Decoded.reject(warning.reason(), warning.detail());
        }
        Decoded<String> number = text(root.value(), "caseNumber");
        if (!number.accepted()) {
            return Decoded.reject(number.reason(), number.detail());
        }
        return Decoded.ok(new Ack(warning.value(), number.value()));
    }

    /** The language tag, normalised ({@link OwnerLanguage}). */
    public Decoded<String> language(byte[] payload) {
        Decoded<JsonNode> root = object(payload);
        if (!root.accepted()) {
            return Decoded.reject(root.reason(), root.detail());
        }
        Decoded<String> tag = text(root.value(), "language");
        if (!tag.accepted()) {
            return tag;
        }
        String lang = OwnerLanguage.normalise(tag.value());
        return lang == null ? Decoded.reject(RejectReason.INVALID_FIELD, "'language' must be one of "
                + OwnerLanguage.SUPPORTED + ", got '" + tag.value() + "'") : Decoded.ok(lang);
    }

    /** Remote-diagnostic consent: {@code {"remoteDiagnostics": true}} grants, {@code false} withdraws. */
    public Decoded<Boolean> consent(byte[] payload) {
        Decoded<JsonNode> root = object(payload);
        if (!root.accepted()) {
            return Decoded.reject(root.reason(), root.detail());
        }
        JsonNode n = root.value().get("remoteDiagnostics");
        if (n == null || n.isNull()) {
            return Decoded.reject(RejectReason.MISSING_FIELD, "missing 'remoteDiagnostics' (true or false)");
        }
        if (!n.isBoolean()) {
            return Decoded.reject(RejectReason.INVALID_FIELD, "'remoteDiagnostics' must be true or false");
        }
        return Decoded.ok(n.booleanValue());
    }

    private Decoded<JsonNode> object(byte[] payload) {
        try {
            JsonNode n = json.readTree(payload);
            return n != null && n.isObject() ? Decoded.ok(n)
                    : Decoded.reject(RejectReason.MALFORMED_JSON, "payload must be a JSON object");
        } catch (IOException e) {
            return Decoded.reject(RejectReason.MALFORMED_JSON, TelemetryDecoder.firstLine(e.getMessage()));
        }
    }

    private static Decoded<String> text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return Decoded.reject(RejectReason.MISSING_FIELD, "missing '" + field + "'");
        }
        if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > MAX_ID) {
            return Decoded.reject(RejectReason.INVALID_FIELD, "'" + field + "' must be a string of 1-" + MAX_ID + " characters");
        }
        return Decoded.ok(n.asText());
    }
}

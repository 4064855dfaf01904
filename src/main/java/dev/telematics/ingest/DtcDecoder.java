package dev.telematics.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.dtc.DtcCode;
import dev.telematics.dtc.DtcReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a {@code vehicles/{VIN}/dtc} payload: {@code {"ts":..,"ecu":"BMS","format":"j2012","dtcs":[..]}}.
 * Invalid codes are counted and dropped; the valid codes of the same message are kept. Thread-safe.
 */
public final class DtcDecoder {
    public static final int MAX_CODES = 500;
    public static final int MAX_ECU_LENGTH = 32;
    private final ObjectMapper json;
    private final IngestStats stats;
    private final TimestampPolicy timestamps;

    public DtcDecoder(ObjectMapper json, IngestStats stats, TimestampPolicy timestamps) {
        this.json = json;
        this.stats = stats;
        this.timestamps = timestamps;
    }

    public Decoded<DtcReport> decode(byte[] payload, long nowMillis) {
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (IOException e) {
            return Decoded.reject(RejectReason.MALFORMED_JSON, TelemetryDecoder.firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return Decoded.reject(RejectReason.MALFORMED_JSON, "payload must be a JSON object");
        }
        Decoded<Long> ts = timestamps.check(root.get("ts"), nowMillis);
        if (!ts.accepted()) {
            return Decoded.reject(ts.reason(), ts.detail());
        }
        JsonNode ecu = root.get("ecu");
        if (ecu == null || ecu.isNull()) {
            return Decoded.reject(RejectReason.MISSING_FIELD, "missing 'ecu'");
        }
        if (!ecu.isTextual() || ecu.asText().isBlank() || ecu.asText().length() > MAX_ECU_LENGTH) {
            return Decoded.reject(RejectReason.INVALID_FIELD, "'ecu' must be a name of 1-" + MAX_ECU_LENGTH + " characters");
        }
        JsonNode format = root.get("format");
        String fmt = format == null || format.isNull() ? "j2012" : format.asText().toLowerCase(java.util.Locale.ROOT);
        if (!"j2012".equals(fmt)) {
            return Decoded.reject(RejectReason.INVALID_FIELD,
                    "unsupported 'format' " + TelemetryDecoder.clip(format) + " (supported: j2012)");
        }
        JsonNode dtcs = root.get("dtcs");
        if (dtcs == null || dtcs.isNull()) {
            return Decoded.reject(RejectReason.MISSING_FIELD, "missing 'dtcs'");
        }
        if (!dtcs.isArray() || dtcs.size() > MAX_CODES) {
            return Decoded.reject(RejectReason.INVALID_FIELD, "'dtcs' must be an array of at most " + MAX_CODES + " codes");
        }
        List<DtcCode> codes = new ArrayList<>(dtcs.size());
        String firstBad = null;
        for (JsonNode c : dtcs) {
            String text = c.isTextual() ? c.asText().trim().toUpperCase(java.util.Locale.ROOT) : null;
            if (text != null && DtcCode.isValid(text)) {
                codes.add(new DtcCode(text));
            } else {
                stats.invalidDtc();
                firstBad = firstBad == null ? TelemetryDecoder.clip(c) : firstBad;
            }
        }
        if (codes.isEmpty() && !dtcs.isEmpty()) {
            return Decoded.reject(RejectReason.INVALID_DTC, "no valid J2012 code; first bad: " + firstBad);
        }
        return Decoded.ok(new DtcReport(ts.value(), ecu.asText().trim(), fmt, codes));
    }
}

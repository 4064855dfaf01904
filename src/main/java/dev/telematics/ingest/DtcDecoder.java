package dev.telematics.ingest;

import dev.telematics.handoff.RejectReason;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.dtc.DecodedDtcs;
import dev.telematics.dtc.DtcCode;
import dev.telematics.dtc.DtcDecodeException;
import dev.telematics.dtc.DtcProblem;
import dev.telematics.dtc.DtcReport;
import dev.telematics.dtc.HexBytes;
import dev.telematics.dtc.J1939Dm1;
import dev.telematics.dtc.ReportedDtc;
import dev.telematics.dtc.UdsDtcReply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decodes a {@code vehicles/{VIN}/dtc} payload in any of its formats:
 * <pre>
 * {"ts":..,"ecu":"BMS","format":"j2012","dtcs":["P0AA6","0A A6"]}
 * {"ts":..,"ecu":"BMS","format":"uds","data":"59 02 FF 0A A6 00 09"}        (optional "dtcFormat": 0-4)
 * {"ts":..,"ecu":"EECU","format":"j1939-dm1","data":"04 FF A8 00 04 01"}
 * </pre>
 * A problem with part of the report (an invalid code, a truncated last record) is counted by its
 * {@link dev.telematics.dtc.DtcProblem} and the good DTCs are kept; a report with problems and no
 * usable DTC is rejected (INVALID_DTC). Thread-safe.
 */
public final class DtcDecoder {
    public static final int MAX_CODES = 500;
    public static final int MAX_ECU_LENGTH = 32;
    public static final int MAX_HEX_CHARS = 8_192;
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
        String fmt = format == null || format.isNull() ? "j2012" : format.asText().toLowerCase(Locale.ROOT);
        DecodedDtcs decoded;
        try {
            decoded = switch (fmt) {
                case "j2012" -> j2012(root);
                case "uds" -> UdsDtcReply.decode(hex(root), dtcFormatId(root));
                case "j1939-dm1" -> J1939Dm1.decode(hex(root));
                default -> null;
            };
        } catch (DtcDecodeException e) {
            stats.dtcProblem(e.problem());
            return Decoded.reject(RejectReason.INVALID_DTC, e.getMessage());
        } catch (FieldException e) {
            return Decoded.reject(e.reason, e.getMessage());
        }
        if (decoded == null) {
            return Decoded.reject(RejectReason.INVALID_FIELD,
                    "unsupported 'format' " + TelemetryDecoder.clip(format) + " (supported: j2012, uds, j1939-dm1)");
        }
        decoded.problems().forEach(p -> stats.dtcProblem(p.problem()));
        if (decoded.dtcs().isEmpty() && !decoded.problems().isEmpty()) {
            return Decoded.reject(RejectReason.INVALID_DTC, "no usable DTC: " + decoded.problems().get(0).getMessage());
        }
        List<ReportedDtc> dtcs = decoded.dtcs();
        if (dtcs.size() > MAX_CODES) {
            stats.dtcProblem(DtcProblem.TOO_MANY_DTCS);
            dtcs = dtcs.subList(0, MAX_CODES);
        }
        return Decoded.ok(new DtcReport(ts.value(), ecu.asText().trim(), fmt, dtcs, decoded.lamps()));
    }

    private static DecodedDtcs j2012(JsonNode root) {
        JsonNode dtcs = root.get("dtcs");
        if (dtcs == null || dtcs.isNull()) {
            throw new FieldException(RejectReason.MISSING_FIELD, "missing 'dtcs'");
        }
        if (!dtcs.isArray()) {
            throw new FieldException(RejectReason.INVALID_FIELD, "'dtcs' must be an array of codes");
        }
        List<ReportedDtc> out = new ArrayList<>();
        List<DtcDecodeException> problems = new ArrayList<>();
        for (JsonNode c : dtcs) {
            try {
                if (!c.isTextual()) { // a JSON number is not a code: the digits of 1234 are not the hex bytes 12 34
                    throw new DtcDecodeException(DtcProblem.INVALID_CODE, TelemetryDecoder.clip(c) + " is not a string");
                }
                DtcCode code = DtcCode.parseAny(c.asText());
                if (!code.padding()) {
                    out.add(ReportedDtc.j2012(code));
                }
            } catch (DtcDecodeException e) {
                problems.add(e);
            }
        }
        return new DecodedDtcs(out, problems, null, null);
    }

    private static byte[] hex(JsonNode root) {
        JsonNode data = root.get("data");
        if (data == null || data.isNull()) {
            throw new FieldException(RejectReason.MISSING_FIELD, "missing 'data' (the ECU's reply in hex)");
        }
        if (!data.isTextual() || data.asText().length() > MAX_HEX_CHARS) {
            throw new FieldException(RejectReason.INVALID_FIELD, "'data' must be a hex string of at most "
                    + MAX_HEX_CHARS + " characters");
        }
        return HexBytes.parse(data.asText());
    }

    private static int dtcFormatId(JsonNode root) {
        JsonNode f = root.get("dtcFormat");
        if (f == null || f.isNull()) {
            return 0;
        }
        if (!f.isIntegralNumber()) {
            throw new FieldException(RejectReason.INVALID_FIELD, "'dtcFormat' must be a DTCFormatIdentifier (an integer)");
        }
        if (!f.canConvertToInt() || f.asInt() < 0 || f.asInt() > 4) {
            throw new DtcDecodeException(DtcProblem.UNKNOWN_FORMAT_IDENTIFIER,
                    "DTCFormatIdentifier " + TelemetryDecoder.clip(f) + " is not one of 0x00-0x04");
        }
        return f.asInt();
    }

    /** A missing or mistyped JSON field: the message is rejected with this reason. */
    private static final class FieldException extends RuntimeException {
        private final RejectReason reason;

        FieldException(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}

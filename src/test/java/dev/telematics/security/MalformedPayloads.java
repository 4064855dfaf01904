package dev.telematics.security;

import dev.telematics.dtc.DtcProblem;
import dev.telematics.handoff.RejectReason;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.SignalDef;
import dev.telematics.vehicle.SignalType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A deterministic generator (fixed seed) of malformed messages for a car's and its owner app's own
 * topics. Every message it makes must be rejected, and it says how: the reject reason, and where the
 * engine can tell, the DTC problems, dropped batch samples, unknown signals and invalid signal values it
 * counts on the way. A message that would be accepted is a bug of this generator, and fails the test.
 *
 * <p>What it throws: truncated JSON, empty and blank payloads, binary garbage, roots that are not
 * objects, NaN/Infinity and other non-JSON number literals, numbers of 65-400 digits, 1e400 and other
 * out-of-range values, wrong JSON types for every field, duplicate keys, trailing content, nesting up to
 * 10,000 levels, strings up to 60,000 characters, payloads over the 64 KiB limit, invalid UTF-8 bytes
 * anywhere in the JSON, impossible timestamps, broken batches, DTC reports with bad hex, invalid codes,
 * broken UDS and J1939 replies, and payloads of one kind on another kind's topic.
 */
final class MalformedPayloads {
    /** The 64 KiB payload limit of the engine's default configuration. */
    static final int MAX_PAYLOAD = 64 * 1024;

    /** The topic a message goes to: {@code vehicles/{VIN}/suffix}, published by the car or its owner app. */
    enum Target {
        TELEMETRY("telemetry", false), DTC("dtc", false), COMMAND_RESPONSE("commands/response", false),
        WARNING_ACK("warnings/ack", true), OWNER_SETTINGS("owner/settings", true), OWNER_CONSENT("owner/consent", true);

        final String suffix;
        final boolean ownerApp;

        Target(String suffix, boolean ownerApp) {
            this.suffix = suffix;
            this.ownerApp = ownerApp;
        }
    }

    /** One malformed message and what the engine must count for it. */
    /** {@code expected} is null for an answer to a command nobody sent: the broker hands it to the remote commands, not to ingest. */
    record Fuzz(Target target, String category, byte[] payload, RejectReason expected, Map<DtcProblem, Integer> dtcProblems,
                Map<RejectReason, Integer> droppedSamples, int unknownSignals, int invalidSignalValues) {
    }

    /** Invalid UTF-8 that the engine's JSON parser must refuse: lone continuation bytes, bytes never used, cut sequences. */
    private static final byte[][] BAD_UTF8 = {
        {(byte) 0xC3, 0x28}, {(byte) 0x80}, {(byte) 0x9F}, {(byte) 0xBF}, {(byte) 0xFE}, {(byte) 0xFF},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82, 0x28},
        {(byte) 0xF0, 0x28, (byte) 0x8C, 0x28}, {(byte) 0xC3, '"'},
    };
    /** Values no known signal accepts, whatever its type (number, boolean, number[]). */
    private static final String[] UNUSABLE_VALUES = {
        "\"12.6\"", "\"\"", "{}", "{\"v\":1}", "[[1]]", "null", "[\"x\"]", "[]", "1e400", "-1e400", "1E999",
        "-9.9e9999", "1e300", "-1e300", "[1e400]", "[-1]", "[null]", "\"NaN\"", "\"Infinity\"",
    };
    private static final String[] NON_JSON_NUMBERS = {
        "NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "+5", ".5", "5.", "0x1F", "012", "1e", "1e+", "--1", "-",
        "tru", "nul", "undefined", "'12'", "1_000", "١٢",
    };
    private static final String[] WRONG_TS = {
        "true", "false", "[]", "{}", "{\"ms\":1}", "1.5e12", "-1", "1e400", "-1e400", "9223372036854775808",
        "100000000000000000000000000000", "\"\"", "\"yesterday\"", "[1763800000000]",
    };
    private static final String NON_HEX_LETTERS = "GHJKLMNRSTVWXYZ";

    private final Random r;
    private final long now;
    private final List<SignalDef> signals;
    private final List<SignalDef> numberSignals;
    private final SignalCatalog catalog = SignalCatalog.standard();
    private final List<Supplier<Fuzz>> weighted = new ArrayList<>();

    MalformedPayloads(long seed, long nowMillis) {
        r = new Random(seed);
        now = nowMillis;
        signals = List.copyOf(catalog.all());
        numberSignals = signals.stream().filter(s -> s.type() == SignalType.NUMBER).toList();
        // weights: the car's telemetry 58, its fault codes 34, its command responses 4, the owner app 10 (of 106)
        // the car's telemetry
        add(8, this::truncatedTelemetry);
        add(1, () -> reject(Target.TELEMETRY, "empty", blank(), RejectReason.MALFORMED_JSON));
        add(5, () -> reject(Target.TELEMETRY, "binary", garbage(), RejectReason.MALFORMED_JSON));
        add(2, () -> reject(Target.TELEMETRY, "non-object", nonObject(), RejectReason.MALFORMED_JSON));
        add(3, this::nonJsonNumber);
        add(3, this::longNumber);
        add(4, this::outOfRangeValues);
        add(3, this::wrongTs);
        add(3, this::impossibleTs);
        add(2, this::wrongSeq);
        add(3, this::wrongSignals);
        add(5, this::noUsableSignal);
        add(1, this::duplicateKeys);
        add(1, () -> reject(Target.TELEMETRY, "trailing", sample() + pick("x", "}", "{}", sample(), ",", "]", "\"\"", "0"),
                RejectReason.MALFORMED_JSON));
        add(2, () -> reject(Target.TELEMETRY, "deep-nesting", deepTelemetry(), RejectReason.MALFORMED_JSON));
        add(1, this::hugeStringTelemetry);
        add(1, () -> reject(Target.TELEMETRY, "oversized", oversized(sample()), RejectReason.PAYLOAD_TOO_LARGE));
        add(4, this::invalidUtf8Telemetry);
        add(4, this::brokenBatch);
        add(2, this::wrongKindOnTelemetry);
        // the car's fault codes
        add(4, () -> reject(Target.DTC, "truncated", truncate(validDtc()), RejectReason.MALFORMED_JSON));
        add(2, () -> reject(Target.DTC, "binary", r.nextBoolean() ? garbage() : blank().getBytes(StandardCharsets.UTF_8),
                RejectReason.MALFORMED_JSON));
        add(1, () -> reject(Target.DTC, "non-object", nonObject(), RejectReason.MALFORMED_JSON));
        add(4, this::badHex);
        add(4, this::invalidCodes);
        add(3, this::brokenUdsReply);
        add(1, this::brokenDm1);
        add(5, this::dtcFieldErrors);
        add(3, this::dtcTs);
        add(1, () -> reject(Target.DTC, "long-number", dtcWith("\"ts\":" + digits(65 + r.nextInt(336))),
                RejectReason.MALFORMED_JSON));
        add(1, () -> reject(Target.DTC, "nan", dtcWith("\"ts\":" + pick(NON_JSON_NUMBERS)), RejectReason.MALFORMED_JSON));
        add(1, () -> reject(Target.DTC, "deep-nesting", dtcWith("\"x\":" + nested(depth())), RejectReason.MALFORMED_JSON));
        add(1, this::invalidUtf8Dtc);
        add(1, () -> reject(Target.DTC, "duplicate-keys", dtcWith("\"ecu\":\"VCU\""), RejectReason.MALFORMED_JSON));
        add(1, () -> reject(Target.DTC, "oversized", oversized(validDtc()), RejectReason.PAYLOAD_TOO_LARGE));
        add(1, this::hugeEcu);
        // anything on the car's command responses, answering no command: counted as unmatched and dropped
        add(4, () -> new Fuzz(Target.COMMAND_RESPONSE, "unmatched-answer", anySmallPayload().getBytes(StandardCharsets.UTF_8),
                null, Map.of(), Map.of(), 0, 0));
        // the owner app
        add(5, this::brokenAck);
        add(4, this::brokenSettings);
        add(2, this::brokenConsent);
    }

    /** The next malformed message. */
    Fuzz next() {
        return weighted.get(r.nextInt(weighted.size())).get();
    }

    private void add(int weight, Supplier<Fuzz> generator) {
        for (int i = 0; i < weight; i++) {
            weighted.add(generator);
        }
    }

    // ---- results

    private static Fuzz reject(Target target, String category, String payload, RejectReason reason) {
        return reject(target, category, payload.getBytes(StandardCharsets.UTF_8), reason);
    }

    private static Fuzz reject(Target target, String category, byte[] payload, RejectReason reason) {
        return new Fuzz(target, category, payload, sized(payload, reason), Map.of(), Map.of(), 0, 0);
    }

    /** A payload over the limit is rejected for its size before anything reads it. */
    private static RejectReason sized(byte[] payload, RejectReason otherwise) {
        return payload.length > MAX_PAYLOAD ? RejectReason.PAYLOAD_TOO_LARGE : otherwise;
    }

    private static Fuzz signalCounts(Target target, String category, String payload, int unknown, int invalid) {
        byte[] b = payload.getBytes(StandardCharsets.UTF_8);
        boolean tooLarge = b.length > MAX_PAYLOAD;
        return new Fuzz(target, category, b, tooLarge ? RejectReason.PAYLOAD_TOO_LARGE : RejectReason.NO_VALID_SIGNALS,
                Map.of(), Map.of(), tooLarge ? 0 : unknown, tooLarge ? 0 : invalid);
    }

    private static Fuzz dtcProblem(String category, String payload, DtcProblem problem, int count) {
        return new Fuzz(Target.DTC, category, payload.getBytes(StandardCharsets.UTF_8), RejectReason.INVALID_DTC,
                Map.of(problem, count), Map.of(), 0, 0);
    }

    // ---- valid pieces that the generators break

    private long ts() {
        return now - r.nextInt(120_000);
    }

    private String validSignals() {
        StringBuilder b = new StringBuilder("{");
        List<SignalDef> chosen = distinct(numberSignals, 1 + r.nextInt(4));
        for (int i = 0; i < chosen.size(); i++) {
            SignalDef d = chosen.get(i);
            double v = d.min() + r.nextDouble() * (d.max() - d.min());
            b.append(i == 0 ? "" : ",").append('"').append(d.path()).append("\":").append(v);
        }
        return b.append('}').toString();
    }

    /** One valid sample. */
    private String sample() {
        return "{\"ts\":" + ts() + ",\"seq\":" + r.nextInt(1_000_000) + ",\"signals\":" + validSignals() + "}";
    }

    private String validTelemetry() {
        if (r.nextInt(10) < 7) {
            return sample();
        }
        StringBuilder b = new StringBuilder("{\"samples\":[");
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(sample());
        }
        return b.append("]}").toString();
    }

    private String validDtc() {
        return switch (r.nextInt(3)) {
            case 0 -> "{\"ts\":" + ts() + ",\"ecu\":\"BMS\",\"format\":\"j2012\",\"dtcs\":[\"P0AA6\",\"U0100\",\"0A 80\"]}";
            case 1 -> "{\"ts\":" + ts() + ",\"ecu\":\"BMS\",\"format\":\"uds\",\"data\":\"59 02 FF 0A A6 00 09\"}";
            default -> "{\"ts\":" + ts() + ",\"ecu\":\"EECU\",\"format\":\"j1939-dm1\",\"data\":\"04 FF A8 00 04 01\"}";
        };
    }

    /** A valid J2012 report with {@code field} written first: a later duplicate of it, or a broken value, spoils it. */
    private String dtcWith(String field) {
        return "{" + field + ",\"ts\":" + ts() + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}";
    }

    private String ownerPayload() {
        return pick("{\"language\":\"en\"}", "{\"language\":\"zh-CN\"}",
                "{\"warningId\":\"W-2f6c1e0a\",\"caseNumber\":\"SC-000001\"}", "{\"remoteDiagnostics\":true}");
    }

    private String anySmallPayload() {
        return switch (r.nextInt(5)) {
            case 0 -> validTelemetry();
            case 1 -> validDtc();
            case 2 -> ownerPayload();
            case 3 -> new String(garbageBytes(1 + r.nextInt(200)), StandardCharsets.ISO_8859_1);
            default -> "{\"commandId\":\"" + r.nextInt() + "\",\"result\":" + pick("true", "null", "{}", "[1,2]") + "}";
        };
    }

    // ---- building blocks

    private String pick(String... options) {
        return options[r.nextInt(options.length)];
    }

    private <T> List<T> distinct(List<T> from, int n) {
        Set<T> out = new LinkedHashSet<>();
        while (out.size() < Math.min(n, from.size())) {
            out.add(from.get(r.nextInt(from.size())));
        }
        return List.copyOf(out);
    }

    private String truncate(String s) {
        return s.substring(0, r.nextInt(s.length()));
    }

    /** Nothing, or white space only. */
    private String blank() {
        return sample(" \t\r\n", r.nextInt(8));
    }

    /** Random bytes that cannot start a JSON object in any encoding the parser detects. */
    private byte[] garbage() {
        byte[] b = garbageBytes(1 + r.nextInt(3000));
        b[0] = (byte) (0x80 + r.nextInt(0xEF - 0x80)); // 0x80-0xEE: not '{', not white space, not a byte-order mark
        return b;
    }

    private byte[] garbageBytes(int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private String nonObject() {
        return pick("[]", "[1,2,3]", "\"text\"", "42", "-0.5", "true", "false", "null", "[" + sample() + "]", "\"{}\"");
    }

    private String digits(int n) {
        StringBuilder b = new StringBuilder(n).append((char) ('1' + r.nextInt(9)));
        while (b.length() < n) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return b.toString();
    }

    private int depth() {
        return r.nextInt(3) == 0 ? 10_000 : 33 + r.nextInt(3000);
    }

    private String nested(int depth) {
        return switch (r.nextInt(3)) {
            case 0 -> "[".repeat(depth) + "]".repeat(depth);
            case 1 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            default -> "[".repeat(depth); // never closed
        };
    }

    private String hugeString(int minChars, int maxChars) {
        int n = minChars + r.nextInt(maxChars - minChars);
        String unit = pick("A", "é", "漢", "🚗", "\\n", "\\u0000", "x y");
        StringBuilder b = new StringBuilder(n + 8);
        while (b.length() < n) {
            b.append(unit);
        }
        return b.toString();
    }

    /** {@code json} followed by white space up to a size over the limit (a valid message, but too large). */
    private byte[] oversized(String json) {
        if (r.nextInt(4) == 0) {
            return garbageBytes(MAX_PAYLOAD + 1 + r.nextInt(150_000));
        }
        byte[] b = new byte[MAX_PAYLOAD + 1 + (r.nextInt(3) == 0 ? 0 : r.nextInt(150_000))];
        java.util.Arrays.fill(b, (byte) ' ');
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(j, 0, b, 0, j.length);
        return b;
    }

    /** {@code template} with the marker {@code @} replaced by invalid UTF-8 bytes. */
    private byte[] withBadUtf8(String template) {
        byte[] t = template.getBytes(StandardCharsets.UTF_8);
        int at = template.indexOf('@');
        byte[] bad = BAD_UTF8[r.nextInt(BAD_UTF8.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(t, 0, at);
        out.write(bad, 0, bad.length);
        out.write(t, at + 1, t.length - at - 1);
        return out.toByteArray();
    }

    /** A name that is not a known signal (and not a duplicate of {@code taken}). */
    private String unknownSignal(Set<String> taken) {
        while (true) {
            String name = switch (r.nextInt(6)) {
                case 0 -> "Vehicle.Fuzz.S" + r.nextInt(100_000);
                case 1 -> signals.get(r.nextInt(signals.size())).path().toLowerCase(java.util.Locale.ROOT);
                case 2 -> " " + signals.get(r.nextInt(signals.size())).path();
                case 3 -> signals.get(r.nextInt(signals.size())).path() + ".";
                case 4 -> "";
                default -> "Vehicle/Speed" + r.nextInt(10);
            };
            if (catalog.get(name) == null && taken.add(name)) {
                return name;
            }
        }
    }

    // ---- telemetry

    private Fuzz truncatedTelemetry() {
        return reject(Target.TELEMETRY, "truncated", truncate(validTelemetry()), RejectReason.MALFORMED_JSON);
    }

    private Fuzz nonJsonNumber() {
        String bad = pick(NON_JSON_NUMBERS);
        String payload = switch (r.nextInt(3)) {
            case 0 -> "{\"ts\":" + ts() + ",\"signals\":{\"Vehicle.Speed\":" + bad + "}}";
            case 1 -> "{\"ts\":" + bad + ",\"signals\":" + validSignals() + "}";
            default -> "{\"ts\":" + ts() + ",\"seq\":" + bad + ",\"signals\":" + validSignals() + "}";
        };
        return reject(Target.TELEMETRY, "non-json-number", payload, RejectReason.MALFORMED_JSON);
    }

    /** Numbers longer than the parser's 64-character limit, wherever they are. */
    private Fuzz longNumber() {
        String n = (r.nextBoolean() ? "-" : "") + digits(65 + r.nextInt(336))
                + (r.nextInt(3) == 0 ? "." + digits(1 + r.nextInt(50)) : "");
        String payload = switch (r.nextInt(4)) {
            case 0 -> "{\"ts\":" + n + ",\"signals\":" + validSignals() + "}";
            case 1 -> "{\"ts\":" + ts() + ",\"signals\":{\"Vehicle.LowVoltageBattery.CurrentVoltage\":" + n + "}}";
            case 2 -> "{\"ts\":" + ts() + ",\"seq\":" + n + ",\"signals\":" + validSignals() + "}";
            default -> "{\"ts\":" + ts() + ",\"extra\":[" + n + "],\"signals\":" + validSignals() + "}";
        };
        return reject(Target.TELEMETRY, "long-number", payload, RejectReason.MALFORMED_JSON);
    }

    /** Known signals with values none of them accepts (1e400, 1e300, wrong types), and maybe unknown signals. */
    private Fuzz noUsableSignal() {
        Set<String> names = new LinkedHashSet<>();
        StringBuilder b = new StringBuilder("{\"ts\":" + ts() + ",\"signals\":{");
        List<SignalDef> known = distinct(signals, r.nextInt(6));
        int unknown = r.nextInt(4);
        for (SignalDef d : known) {
            names.add(d.path());
            b.append(b.charAt(b.length() - 1) == '{' ? "" : ",").append('"').append(d.path()).append("\":")
                    .append(pick(UNUSABLE_VALUES));
        }
        for (int i = 0; i < unknown; i++) {
            b.append(b.charAt(b.length() - 1) == '{' ? "" : ",").append('"').append(unknownSignal(names)).append("\":")
                    .append(r.nextBoolean() ? "12.5" : pick(UNUSABLE_VALUES));
        }
        return signalCounts(Target.TELEMETRY, "no-usable-signal", b.append("}}").toString(), unknown, known.size());
    }

    private Fuzz outOfRangeValues() {
        List<SignalDef> chosen = distinct(numberSignals, 1 + r.nextInt(4));
        StringBuilder b = new StringBuilder("{\"ts\":" + ts() + ",\"signals\":{");
        for (int i = 0; i < chosen.size(); i++) {
            b.append(i == 0 ? "" : ",").append('"').append(chosen.get(i).path()).append("\":")
                    .append(pick("1e400", "-1e400", "1E999", "-9.9e9999", "1e300", "-1e300", "1.7976931348623157e309",
                            String.valueOf(chosen.get(i).max() + Math.abs(chosen.get(i).max()) + 1),
                            String.valueOf(chosen.get(i).min() - Math.abs(chosen.get(i).min()) - 1)));
        }
        return signalCounts(Target.TELEMETRY, "out-of-range", b.append("}}").toString(), 0, chosen.size());
    }

    private Fuzz wrongTs() {
        if (r.nextInt(4) == 0) {
            String payload = r.nextBoolean() ? "{\"signals\":" + validSignals() + "}"
                    : "{\"ts\":null,\"signals\":" + validSignals() + "}";
            return reject(Target.TELEMETRY, "missing-ts", payload, RejectReason.MISSING_FIELD);
        }
        String ts = r.nextInt(5) == 0 ? now + ".0" : r.nextInt(4) == 0 ? "\"" + now + "\"" : pick(WRONG_TS);
        return reject(Target.TELEMETRY, "wrong-ts", "{\"ts\":" + ts + ",\"signals\":" + validSignals() + "}",
                RejectReason.INVALID_FIELD);
    }

    /** A car clock far ahead (at least an hour past the 5-minute skew allowed) or data older than 30 days. */
    private Fuzz impossibleTs() {
        boolean future = r.nextBoolean();
        long ts = future ? (r.nextInt(10) == 0 ? Long.MAX_VALUE : now + 3_600_000L + (long) (r.nextDouble() * 3e11))
                : (long) (r.nextDouble() * (now - 31L * 86_400_000L));
        return reject(Target.TELEMETRY, future ? "future-ts" : "old-ts", "{\"ts\":" + ts + ",\"signals\":" + validSignals() + "}",
                future ? RejectReason.TIMESTAMP_IN_FUTURE : RejectReason.TIMESTAMP_TOO_OLD);
    }

    private Fuzz wrongSeq() {
        return reject(Target.TELEMETRY, "wrong-seq", "{\"ts\":" + ts() + ",\"seq\":"
                + pick("-1", "1.5", "\"7\"", "true", "[]", "{}", "1e400", "9223372036854775808", "-9223372036854775808")
                + ",\"signals\":" + validSignals() + "}", RejectReason.INVALID_FIELD);
    }

    private Fuzz wrongSignals() {
        if (r.nextInt(3) == 0) {
            return reject(Target.TELEMETRY, "missing-signals", r.nextBoolean() ? "{\"ts\":" + ts() + "}"
                    : "{\"ts\":" + ts() + ",\"signals\":null}", RejectReason.MISSING_FIELD);
        }
        return reject(Target.TELEMETRY, "wrong-signals", "{\"ts\":" + ts() + ",\"signals\":"
                + pick("[]", "[12.5]", "\"Vehicle.Speed\"", "5", "true", "false", "[{\"Vehicle.Speed\":5}]") + "}",
                RejectReason.INVALID_FIELD);
    }

    private Fuzz duplicateKeys() {
        String signalsJson = validSignals();
        String payload = switch (r.nextInt(3)) {
            case 0 -> "{\"ts\":" + ts() + ",\"ts\":" + ts() + ",\"signals\":" + signalsJson + "}";
            case 1 -> "{\"ts\":" + ts() + ",\"signals\":" + signalsJson + ",\"signals\":" + signalsJson + "}";
            default -> "{\"ts\":" + ts() + ",\"signals\":{\"Vehicle.Speed\":10,\"Vehicle.Speed\":20}}";
        };
        return reject(Target.TELEMETRY, "duplicate-keys", payload, RejectReason.MALFORMED_JSON);
    }

    private String deepTelemetry() {
        String deep = nested(depth());
        return switch (r.nextInt(5)) {
            case 0 -> deep;
            case 1 -> "{\"ts\":" + ts() + ",\"signals\":{\"Vehicle.Speed\":" + deep + "}}";
            case 2 -> "{\"ts\":" + ts() + ",\"extra\":" + deep + ",\"signals\":" + validSignals() + "}";
            case 3 -> "{\"ts\":" + deep + ",\"signals\":" + validSignals() + "}";
            default -> "{\"samples\":[{\"ts\":" + ts() + ",\"signals\":{\"Vehicle.Powertrain.TractionBattery.CellVoltage"
                    + ".CellVoltages\":" + deep + "}}]}";
        };
    }

    private Fuzz hugeStringTelemetry() {
        String s = hugeString(20_000, 60_000);
        return switch (r.nextInt(3)) {
            case 0 -> reject(Target.TELEMETRY, "huge-string", "{\"ts\":\"" + s + "\",\"signals\":" + validSignals() + "}",
                    RejectReason.INVALID_FIELD);
            case 1 -> signalCounts(Target.TELEMETRY, "huge-string", "{\"ts\":" + ts()
                    + ",\"signals\":{\"Vehicle.Speed\":\"" + s + "\"}}", 0, 1);
            // a signal name of 20,000-40,000 characters (the parser allows names up to 50,000)
            default -> signalCounts(Target.TELEMETRY, "huge-string", "{\"ts\":" + ts() + ",\"signals\":{\"Vehicle."
                    + "S".repeat(20_000 + r.nextInt(20_000)) + "\":1}}", 1, 0);
        };
    }

    private Fuzz invalidUtf8Telemetry() {
        String template = switch (r.nextInt(6)) {
            case 0 -> "{\"ts\":" + ts() + ",\"signals\":{\"Vehicle.Sp@eed\":50}}";
            case 1 -> "{\"ts\":" + ts() + ",\"signals\":{\"Vehicle.Speed\":50,\"Vehicle.X@\":1}}";
            case 2 -> "{\"ts\":\"17638@00000000\",\"signals\":{\"Vehicle.Speed\":50}}";
            case 3 -> "{\"ts\":" + ts() + ",\"note\":\"caf@\",\"signals\":{\"Vehicle.Speed\":50}}";
            case 4 -> "{\"ts\":" + ts() + ",\"sig@nals\":{\"Vehicle.Speed\":50}}";
            default -> "{\"ts\":" + ts() + ",\"signals\":{\"Vehicle.Speed\":50},\"@\":0}";
        };
        return reject(Target.TELEMETRY, "invalid-utf8", withBadUtf8(template), RejectReason.MALFORMED_JSON);
    }

    /** A bad sample of a batch, and why the engine drops it. */
    private record BadSample(String json, RejectReason reason) {
    }

    private BadSample badSample() {
        return switch (r.nextInt(7)) {
            case 0 -> new BadSample(pick("5", "\"x\"", "null", "[]", "true"), RejectReason.INVALID_FIELD);
            case 1 -> new BadSample("{\"signals\":" + validSignals() + "}", RejectReason.MISSING_FIELD);
            case 2 -> new BadSample("{\"ts\":0,\"signals\":" + validSignals() + "}", RejectReason.TIMESTAMP_TOO_OLD);
            case 3 -> new BadSample("{\"ts\":" + (now + 86_400_000L) + ",\"signals\":" + validSignals() + "}",
                    RejectReason.TIMESTAMP_IN_FUTURE);
            case 4 -> new BadSample("{\"ts\":" + ts() + ",\"signals\":{}}", RejectReason.NO_VALID_SIGNALS);
            case 5 -> new BadSample("{\"ts\":\"now\",\"signals\":" + validSignals() + "}", RejectReason.INVALID_FIELD);
            default -> new BadSample("{\"ts\":" + ts() + "}", RejectReason.MISSING_FIELD);
        };
    }

    private Fuzz brokenBatch() {
        switch (r.nextInt(4)) {
            case 0:
                return reject(Target.TELEMETRY, "batch-not-array", "{\"samples\":" + pick("{}", "\"x\"", "5", "true", "null")
                        + "}", RejectReason.INVALID_FIELD);
            case 1:
                return reject(Target.TELEMETRY, "batch-empty", "{\"samples\":[]}", RejectReason.INVALID_FIELD);
            case 2:
                return reject(Target.TELEMETRY, "batch-too-long", "{\"samples\":["
                        + String.join(",", java.util.Collections.nCopies(1_001 + r.nextInt(500), "{}")) + "]}",
                        RejectReason.INVALID_FIELD);
            default:
                int n = 1 + r.nextInt(5);
                Map<RejectReason, Integer> dropped = new EnumMap<>(RejectReason.class);
                StringBuilder b = new StringBuilder("{\"samples\":[");
                RejectReason first = null;
                for (int i = 0; i < n; i++) {
                    BadSample s = badSample();
                    first = first == null ? s.reason() : first;
                    dropped.merge(s.reason(), 1, Integer::sum);
                    b.append(i == 0 ? "" : ",").append(s.json());
                }
                return new Fuzz(Target.TELEMETRY, "batch-all-bad", b.append("]}").toString().getBytes(StandardCharsets.UTF_8),
                        first, Map.of(), dropped, 0, 0);
        }
    }

    private Fuzz wrongKindOnTelemetry() {
        String payload = switch (r.nextInt(3)) {
            case 0 -> validDtc(); // a valid ts, but no signals
            case 1 -> "{\"warningId\":\"W-1\",\"vin\":\"LRWFUZX0000000001\",\"ts\":" + ts() + ",\"severity\":\"critical\"}";
            default -> ownerPayload(); // no ts
        };
        return reject(Target.TELEMETRY, "wrong-kind", payload, RejectReason.MISSING_FIELD);
    }

    // ---- fault codes

    private String validHex(boolean uds) {
        return uds ? pick("59 02 FF 0A A6 00 09", "59 02 FF 01 10 1C AF", "590AFF0AA60009")
                : pick("04 FF A8 00 04 01", "04 FF A8 00 04 01 FF FF", "04:FF:A8:00:04:01");
    }

    private Fuzz badHex() {
        boolean uds = r.nextBoolean();
        String hex = validHex(uds);
        String broken;
        if (r.nextBoolean()) { // a character that is not a hex digit
            int at = r.nextInt(hex.length());
            broken = hex.substring(0, at) + pick("G", "Z", "x", "é", "０", "$", ".", "٣", "\\u00e9", "_") + hex.substring(at + 1);
        } else { // an odd number of digits
            broken = hex + pick("0", "F", " A", ":9");
        }
        return dtcProblem("bad-hex", "{\"ts\":" + ts() + ",\"ecu\":\"BMS\",\"format\":\"" + (uds ? "uds" : "j1939-dm1")
                + "\",\"data\":\"" + broken + "\"}", DtcProblem.INVALID_HEX, 1);
    }

    private String invalidCode() {
        String hexDigits = "0123456789ABCDEF";
        return switch (r.nextInt(8)) {
            case 0 -> "\"" + "ADEFGHXYZ".charAt(r.nextInt(9)) + sample(hexDigits, 4) + "\"";
            case 1 -> "\"" + "PCBU".charAt(r.nextInt(4)) + (char) ('4' + r.nextInt(6)) + sample(hexDigits, 3) + "\"";
            case 2 -> "\"P0" + sample(hexDigits, 2) + NON_HEX_LETTERS.charAt(r.nextInt(NON_HEX_LETTERS.length())) + "\"";
            case 3 -> "\"" + sample(NON_HEX_LETTERS, r.nextBoolean() ? 1 + r.nextInt(4) : 6 + r.nextInt(3)) + "\"";
            case 4 -> "\"" + pick("", "   ", "P0AA", "P0AA66", "0A A6 00", "0x0A", "0XGGGG", "P-0AA6", "P 0AA6") + "\"";
            // wrong JSON types: a number is not a code, even when its digits would read as two hex bytes
            case 5 -> String.valueOf(1000 + r.nextInt(9000));
            case 6 -> pick("true", "null", "{}", "[]", "[\"P0AA6\"]", "{\"code\":\"P0AA6\"}", "12345", "-1", "1e400");
            default -> "\"" + sample(NON_HEX_LETTERS, 4) + "\"";
        };
    }

    private String sample(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private Fuzz invalidCodes() {
        int n = 1 + r.nextInt(5);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            codes.add(invalidCode());
        }
        if (r.nextBoolean()) {
            codes.add(r.nextInt(codes.size() + 1), "\"00 00\""); // padding: not a DTC, not a problem
        }
        return dtcProblem("invalid-codes", "{\"ts\":" + ts() + ",\"ecu\":\"BMS\",\"format\":\"j2012\",\"dtcs\":["
                + String.join(",", codes) + "]}", DtcProblem.INVALID_CODE, n);
    }

    private Fuzz brokenUdsReply() {
        String prefix = "{\"ts\":" + ts() + ",\"ecu\":\"BMS\",\"format\":\"uds\",";
        switch (r.nextInt(5)) {
            case 0: {
                int sid;
                do {
                    sid = r.nextInt(256);
                } while (sid == 0x59);
                String data = sid == 0x7F ? "7F 19 31" : String.format("%02X 02 FF 0A A6 00 09", sid);
                return dtcProblem("uds-service", prefix + "\"data\":\"" + data + "\"}", DtcProblem.WRONG_SERVICE_ID, 1);
            }
            case 1: {
                int sub;
                do {
                    sub = r.nextInt(256);
                } while (sub == 0x02 || sub == 0x0A);
                return dtcProblem("uds-subfunction", prefix + "\"data\":\"" + String.format("59 %02X FF 0A A6 00 09", sub)
                        + "\"}", DtcProblem.UNSUPPORTED_SUBFUNCTION, 1);
            }
            case 2:
                return dtcProblem("uds-truncated", prefix + "\"data\":\"" + pick("", "59", "59 02", "59 02 FF 0A",
                        "59 02 FF 0A A6", "59 02 FF 0A A6 00", "59 0A FF 01") + "\"}", DtcProblem.TRUNCATED_RECORD, 1);
            case 3:
                return dtcProblem("uds-format-id", prefix + "\"dtcFormat\":" + pick("5", "9", "255", "-1", "99999999999")
                        + ",\"data\":\"59 02 FF 0A A6 00 09\"}", DtcProblem.UNKNOWN_FORMAT_IDENTIFIER, 1);
            default:
                return reject(Target.DTC, "uds-format-id-type", prefix + "\"dtcFormat\":" + pick("\"0\"", "1.5", "1e400",
                        "true", "[]", "{}") + ",\"data\":\"59 02 FF 0A A6 00 09\"}", RejectReason.INVALID_FIELD);
        }
    }

    private Fuzz brokenDm1() {
        String prefix = "{\"ts\":" + ts() + ",\"ecu\":\"EECU\",\"format\":\"j1939-dm1\",\"data\":\"";
        return switch (r.nextInt(3)) {
            case 0 -> dtcProblem("dm1-truncated", prefix + pick("", "04") + "\"}", DtcProblem.TRUNCATED_RECORD, 1);
            case 1 -> dtcProblem("dm1-truncated", prefix + "04 FF " + pick("A8", "A8 00", "A8 00 04") + "\"}",
                    DtcProblem.TRUNCATED_RECORD, 1);
            default -> dtcProblem("dm1-spn", prefix + "04 FF 00 00 " + String.format("%02X", r.nextInt(32)) + " 01\"}",
                    DtcProblem.SPN_OUT_OF_RANGE, 1);
        };
    }

    private Fuzz dtcFieldErrors() {
        String ts = "\"ts\":" + ts();
        return switch (r.nextInt(8)) {
            case 0 -> reject(Target.DTC, "missing-ecu", "{" + ts + (r.nextBoolean() ? "" : ",\"ecu\":null")
                    + ",\"dtcs\":[\"P0AA6\"]}", RejectReason.MISSING_FIELD);
            case 1 -> reject(Target.DTC, "wrong-ecu", "{" + ts + ",\"ecu\":" + pick("5", "true", "[]", "{}", "[\"BMS\"]",
                    "\"\"", "\"   \"", "\"" + "E".repeat(33 + r.nextInt(300)) + "\"") + ",\"dtcs\":[\"P0AA6\"]}",
                    RejectReason.INVALID_FIELD);
            case 2 -> reject(Target.DTC, "wrong-format", "{" + ts + ",\"ecu\":\"BMS\",\"format\":" + pick("\"j1979\"",
                    "\"obd\"", "\"\"", "5", "true", "{}", "[]", "\"uds \"", "\"j1939\"") + ",\"dtcs\":[\"P0AA6\"]}",
                    RejectReason.INVALID_FIELD);
            case 3 -> reject(Target.DTC, "missing-dtcs", "{" + ts + ",\"ecu\":\"BMS\"" + (r.nextBoolean() ? "" : ",\"dtcs\":null")
                    + "}", RejectReason.MISSING_FIELD);
            case 4 -> reject(Target.DTC, "wrong-dtcs", "{" + ts + ",\"ecu\":\"BMS\",\"dtcs\":" + pick("\"P0AA6\"", "5",
                    "{}", "true", "{\"0\":\"P0AA6\"}") + "}", RejectReason.INVALID_FIELD);
            case 5 -> reject(Target.DTC, "missing-data", "{" + ts + ",\"ecu\":\"BMS\",\"format\":\"" + pick("uds", "j1939-dm1")
                    + "\"" + (r.nextBoolean() ? "" : ",\"data\":null") + "}", RejectReason.MISSING_FIELD);
            case 6 -> reject(Target.DTC, "wrong-data", "{" + ts + ",\"ecu\":\"BMS\",\"format\":\"" + pick("uds", "j1939-dm1")
                    + "\",\"data\":" + pick("5", "[]", "{}", "true", "[\"59\",\"02\"]") + "}", RejectReason.INVALID_FIELD);
            default -> reject(Target.DTC, "data-too-long", "{" + ts + ",\"ecu\":\"BMS\",\"format\":\"uds\",\"data\":\"59 02 FF"
                    + " 0A A6 00 09".repeat(700 + r.nextInt(2000)) + "\"}", RejectReason.INVALID_FIELD);
        };
    }

    private Fuzz dtcTs() {
        String rest = ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}";
        return switch (r.nextInt(4)) {
            case 0 -> reject(Target.DTC, "missing-ts", r.nextBoolean() ? "{\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}"
                    : "{\"ts\":null" + rest, RejectReason.MISSING_FIELD);
            case 1 -> reject(Target.DTC, "wrong-ts", "{\"ts\":" + (r.nextInt(4) == 0 ? now + ".0" : pick(WRONG_TS)) + rest,
                    RejectReason.INVALID_FIELD);
            case 2 -> reject(Target.DTC, "future-ts", "{\"ts\":" + (now + 3_600_000L + r.nextInt(Integer.MAX_VALUE)) + rest,
                    RejectReason.TIMESTAMP_IN_FUTURE);
            default -> reject(Target.DTC, "old-ts", "{\"ts\":" + r.nextInt(Integer.MAX_VALUE) + rest,
                    RejectReason.TIMESTAMP_TOO_OLD);
        };
    }

    private Fuzz invalidUtf8Dtc() {
        String template = switch (r.nextInt(4)) {
            case 0 -> "{\"ts\":" + ts() + ",\"ecu\":\"BM@S\",\"dtcs\":[\"P0AA6\"]}";
            case 1 -> "{\"ts\":" + ts() + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0A@A6\"]}";
            case 2 -> "{\"ts\":" + ts() + ",\"ecu\":\"BMS\",\"format\":\"uds\",\"data\":\"59 02 FF 0A A6 00 09@\"}";
            default -> "{\"ts\":" + ts() + ",\"ec@u\":\"BMS\",\"dtcs\":[\"P0AA6\"]}";
        };
        return reject(Target.DTC, "invalid-utf8", withBadUtf8(template), RejectReason.MALFORMED_JSON);
    }

    private Fuzz hugeEcu() {
        return reject(Target.DTC, "huge-string", "{\"ts\":" + ts() + ",\"ecu\":\"" + hugeString(20_000, 60_000)
                + "\",\"dtcs\":[\"P0AA6\"]}", RejectReason.INVALID_FIELD);
    }

    // ---- the owner app

    private Fuzz brokenAck() {
        return switch (r.nextInt(7)) {
            case 0 -> reject(Target.WARNING_ACK, "malformed", r.nextBoolean() ? garbage()
                    : truncate("{\"warningId\":\"W-1\",\"caseNumber\":\"SC-000001\"}").getBytes(StandardCharsets.UTF_8),
                    RejectReason.MALFORMED_JSON);
            case 1 -> reject(Target.WARNING_ACK, "missing-warning-id", "{\"caseNumber\":\"SC-000001\"}", RejectReason.MISSING_FIELD);
            case 2 -> reject(Target.WARNING_ACK, "wrong-warning-id", "{\"warningId\":" + pick("5", "true", "[]", "{}", "\"\"",
                    "\"   \"", "\"" + "W".repeat(101 + r.nextInt(1000)) + "\"") + ",\"caseNumber\":\"SC-000001\"}",
                    RejectReason.INVALID_FIELD);
            case 3 -> reject(Target.WARNING_ACK, "missing-case-number", "{\"warningId\":\"W-1\""
                    + (r.nextBoolean() ? "" : ",\"caseNumber\":null") + "}", RejectReason.MISSING_FIELD);
            case 4 -> reject(Target.WARNING_ACK, "wrong-case-number", "{\"warningId\":\"W-1\",\"caseNumber\":"
                    + pick("1", "true", "[\"SC-000001\"]", "{}", "\"\"", "\"" + "9".repeat(101 + r.nextInt(500)) + "\"") + "}",
                    RejectReason.INVALID_FIELD);
            // well-formed, but no such case (this engine has none): nothing changes
            case 5 -> reject(Target.WARNING_ACK, "unknown-case", "{\"warningId\":\"W-" + r.nextInt(1_000_000)
                    + "\",\"caseNumber\":\"" + pick("SC-" + String.format("%06d", r.nextInt(1_000_000)), "SC-" + digits(18),
                    "SC-١٢٣٤٥٦", "0", "123456789012345678", "' OR 1=1 --", "../../etc/passwd", "SC-00000x") + "\"}",
                    RejectReason.UNKNOWN_CASE);
            default -> reject(Target.WARNING_ACK, "wrong-kind", validTelemetry(), RejectReason.MISSING_FIELD);
        };
    }

    private Fuzz brokenConsent() {
        return switch (r.nextInt(4)) {
            case 0 -> reject(Target.OWNER_CONSENT, "malformed", r.nextBoolean() ? garbage()
                    : truncate("{\"remoteDiagnostics\":true}").getBytes(StandardCharsets.UTF_8), RejectReason.MALFORMED_JSON);
            case 1 -> reject(Target.OWNER_CONSENT, "missing-decision", pick("{}", "{\"remoteDiagnostics\":null}",
                    "{\"consent\":true}", "{\"RemoteDiagnostics\":true}"), RejectReason.MISSING_FIELD);
            case 2 -> reject(Target.OWNER_CONSENT, "wrong-type", "{\"remoteDiagnostics\":" + pick("\"true\"", "1", "0",
                    "\"yes\"", "[true]", "{\"value\":true}", "\"\"") + "}", RejectReason.INVALID_FIELD);
            default -> reject(Target.OWNER_CONSENT, "wrong-kind", validDtc(), RejectReason.MISSING_FIELD);
        };
    }

    private Fuzz brokenSettings() {
        return switch (r.nextInt(5)) {
            case 0 -> reject(Target.OWNER_SETTINGS, "malformed", r.nextBoolean() ? garbage()
                    : truncate("{\"language\":\"zh-CN\"}").getBytes(StandardCharsets.UTF_8), RejectReason.MALFORMED_JSON);
            case 1 -> reject(Target.OWNER_SETTINGS, "missing-language", r.nextBoolean() ? "{}" : "{\"language\":null}",
                    RejectReason.MISSING_FIELD);
            case 2 -> reject(Target.OWNER_SETTINGS, "wrong-language", "{\"language\":" + pick("5", "true", "[\"en\"]",
                    "{\"tag\":\"en\"}", "\"\"", "\"   \"", "\"" + "e".repeat(101 + r.nextInt(500)) + "\"") + "}",
                    RejectReason.INVALID_FIELD);
            case 3 -> reject(Target.OWNER_SETTINGS, "unsupported-language", "{\"language\":\"" + pick("fr", "de", "zh-TW",
                    "zh-Hant", "en-AU", "xx", "english", "中文", "e n", "en\\u0001x") + "\"}", RejectReason.INVALID_FIELD);
            default -> reject(Target.OWNER_SETTINGS, "wrong-kind", validDtc(), RejectReason.MISSING_FIELD);
        };
    }
}

package dev.telematics.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Summarises a car's answer to a command in words for the case's audit trail. */
final class Answers {
    private static final int MAX_LISTED = 20;

    private Answers() {
    }

    /**
     * READ_DTCS: {@code {"status":"OK","dtcs":[{"ecu":"BMS","codes":["P0AA6"]}]}}; SNAPSHOT:
     * {@code {"status":"OK","ts":..,"signals":{..}}}; CLEAR_DTCS: {@code {"status":"OK","cleared":2}}.
     */
    static String summary(CommandType type, Map<String, Object> answer) {
        return switch (type) {
            case READ_DTCS -> dtcs(answer.get("dtcs"));
            case SNAPSHOT -> answer.get("signals") instanceof Map<?, ?> m ? m.size() + " signals" : "no signals";
            case CLEAR_DTCS -> "cleared " + (answer.get("cleared") instanceof Number n ? n.longValue() : "?") + " DTCs";
        };
    }

    /** A car's text in the audit trail: at most 40 characters per code or ECU name. */
    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String dtcs(Object list) {
        if (!(list instanceof List<?> ecus)) {
            return "no DTC list";
        }
        List<String> codes = new ArrayList<>();
        for (Object e : ecus) {
            if (e instanceof Map<?, ?> m && m.get("codes") instanceof List<?> cs) {
                for (Object c : cs) {
                    codes.add(clip(String.valueOf(c)) + " (" + clip(String.valueOf(m.get("ecu"))) + ")");
                }
            }
        }
        if (codes.isEmpty()) {
            return "no DTCs";
        }
        String shown = String.join(", ", codes.subList(0, Math.min(MAX_LISTED, codes.size())));
        return codes.size() + " DTCs: " + shown + (codes.size() > MAX_LISTED ? ", ..." : "");
    }
}

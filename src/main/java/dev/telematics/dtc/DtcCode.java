package dev.telematics.dtc;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;

/**
 * An SAE J2012 (ISO 15031-6) diagnostic trouble code such as {@code P0AA6}: a letter for the system
 * (P powertrain, C chassis, B body, U network), a digit 0-3, then three hex digits.
 */
public record DtcCode(String code) {
    public DtcCode {
        String problem = problem(code);
        if (problem != null) {
            throw new EngineException(ErrorCode.BAD_REQUEST, problem);
        }
    }

    public static DtcCode parse(String text) {
        return new DtcCode(text == null ? null : text.trim().toUpperCase(java.util.Locale.ROOT));
    }

    public static boolean isValid(String text) {
        return problem(text) == null;
    }

    private static String problem(String code) {
        if (code == null || code.length() != 5) {
            return "DTC must have 5 characters like P0AA6, got '" + code + "'";
        }
        char letter = code.charAt(0);
        if ("PCBU".indexOf(letter) < 0) {
            return "DTC '" + code + "' must start with P, C, B or U";
        }
        char second = code.charAt(1);
        if (second < '0' || second > '3') {
            return "DTC '" + code + "': second character must be 0-3";
        }
        for (int i = 2; i < 5; i++) {
            char c = code.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
                return "DTC '" + code + "': characters 3-5 must be hex digits";
            }
        }
        return null;
    }

    public char system() {
        return code.charAt(0);
    }

    /**
     * True for manufacturer-defined ranges (P1xxx, P30-P33, B1/B2, C1/C2, U1/U2), whose meaning
     * depends on the maker and must never be given a generic meaning.
     */
    public boolean manufacturerSpecific() {
        char s = code.charAt(1);
        if (system() == 'P') {
            return s == '1' || (s == '3' && code.charAt(2) <= '3');
        }
        return s == '1' || s == '2';
    }

    @Override
    public String toString() {
        return code;
    }
}

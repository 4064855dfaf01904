package dev.telematics.dtc;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.util.Locale;

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
        return new DtcCode(text == null ? null : text.trim().toUpperCase(Locale.ROOT));
    }

    /** The code of two J2012 bytes: bits 15-14 the letter, 13-12 the digit 0-3, then three hex digits. */
    public static DtcCode fromBytes(int high, int low) {
        if (high < 0 || high > 0xFF || low < 0 || low > 0xFF) {
            throw new IllegalArgumentException("DTC bytes must be 0x00-0xFF");
        }
        char letter = "PCBU".charAt(high >> 6);
        return new DtcCode(letter + String.format("%X%X%02X", (high >> 4) & 0x3, high & 0x0F, low));
    }

    /** The two J2012 bytes of this code (the inverse of {@link #fromBytes}). */
    public int[] toBytes() {
        int letter = "PCBU".indexOf(code.charAt(0));
        int high = (letter << 6) | (Character.digit(code.charAt(1), 16) << 4) | Character.digit(code.charAt(2), 16);
        int low = Integer.parseInt(code.substring(3), 16);
        return new int[] {high, low};
    }

    /**
     * Reads a code written either as a J2012 string ("P0AA6", any case) or as its two bytes in hex
     * ("0A A6", "0AA6", "0x0AA6").
     *
     * @throws DtcDecodeException INVALID_CODE when it is neither
     */
    public static DtcCode parseAny(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (isValid(t)) {
            return new DtcCode(t);
        }
        String hex = t.startsWith("0X") ? t.substring(2) : t;
        hex = hex.replace(" ", "");
        if (hex.length() == 4 && hex.chars().allMatch(c -> HexBytes.isHexDigit((char) c))) {
            return fromBytes(Integer.parseInt(hex.substring(0, 2), 16), Integer.parseInt(hex.substring(2), 16));
        }
        throw new DtcDecodeException(DtcProblem.INVALID_CODE,
                "'" + (text == null ? "" : text) + "' is neither a J2012 code (P0AA6) nor its two bytes in hex (0A A6)");
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

    /** B3xxx, C3xxx and U3xxx: ranges SAE J2012 reserves; they have no meaning yet. */
    public boolean reserved() {
        return system() != 'P' && code.charAt(1) == '3';
    }

    /** The 0x0000 code (P0000), which ECUs use as padding: "no DTC". */
    public boolean padding() {
        return "P0000".equals(code);
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

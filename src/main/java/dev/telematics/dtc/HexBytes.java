package dev.telematics.dtc;

import java.util.HexFormat;

/** Hex text as ECUs' replies are written: "59 02 FF 0A A6 00 09", with or without spaces. */
public final class HexBytes {
    private HexBytes() {
    }

    /**
     * The bytes of {@code text}; spaces, tabs, ':' and '-' between bytes are ignored.
     *
     * @throws DtcDecodeException INVALID_HEX for a character that is not hex or an odd number of digits
     */
    public static byte[] parse(String text) {
        if (text == null) {
            throw new DtcDecodeException(DtcProblem.INVALID_HEX, "no hex data");
        }
        StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':' || c == '-') {
                continue;
            }
            if (!isHexDigit(c)) {
                throw new DtcDecodeException(DtcProblem.INVALID_HEX, "'" + c + "' at position " + (i + 1) + " is not a hex digit");
            }
            digits.append(c);
        }
        if (digits.length() % 2 != 0) {
            throw new DtcDecodeException(DtcProblem.INVALID_HEX, "odd number of hex digits (" + digits.length() + ")");
        }
        return HexFormat.of().parseHex(digits);
    }

    /** An ASCII hex digit (0-9, a-f, A-F); other scripts' digits are not hex. */
    public static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Two ASCII hex digits. */
    public static boolean isHexByte(String s) {
        return s.length() == 2 && isHexDigit(s.charAt(0)) && isHexDigit(s.charAt(1));
    }

    /** "59 02 FF ..." (upper case, one space between bytes). */
    public static String format(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }
}

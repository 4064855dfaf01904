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
            if (c == ' ' || c == '\t' || c == ':' || c == '-') {
                continue;
            }
            if (Character.digit(c, 16) < 0) {
                throw new DtcDecodeException(DtcProblem.INVALID_HEX, "'" + c + "' at position " + (i + 1) + " is not a hex digit");
            }
            digits.append(c);
        }
        if (digits.length() % 2 != 0) {
            throw new DtcDecodeException(DtcProblem.INVALID_HEX, "odd number of hex digits (" + digits.length() + ")");
        }
        return HexFormat.of().parseHex(digits);
    }

    /** "59 02 FF ..." (upper case, one space between bytes). */
    public static String format(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }
}

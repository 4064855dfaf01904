package dev.telematics.dtc;

/**
 * A J1939 diagnostic trouble code: suspect parameter number (SPN, 19 bits), failure mode identifier
 * (FMI, 5 bits), occurrence count (7 bits) and the SPN conversion method bit.
 */
public record J1939Dtc(int spn, int fmi, int occurrenceCount, int conversionMethod) {
    public static final int MAX_SPN = 524_287;

    public J1939Dtc {
        if (spn < 0 || spn > MAX_SPN || fmi < 0 || fmi > 31) {
            throw new DtcDecodeException(DtcProblem.SPN_OUT_OF_RANGE,
                    "SPN must be 0-" + MAX_SPN + " and FMI 0-31, got SPN " + spn + " FMI " + fmi);
        }
        if (occurrenceCount < 0 || occurrenceCount > 127 || (conversionMethod != 0 && conversionMethod != 1)) {
            throw new IllegalArgumentException("occurrence count 0-127, conversion method 0 or 1");
        }
    }

    /** The 4 bytes of this DTC in a DM1 message (J1939-73, conversion method as given). */
    public byte[] toBytes() {
        return new byte[] {(byte) (spn & 0xFF), (byte) ((spn >> 8) & 0xFF), (byte) (((spn >> 16) & 0x07) << 5 | fmi),
            (byte) (conversionMethod << 7 | occurrenceCount)};
    }

    public static J1939Dtc fromBytes(int b1, int b2, int b3, int b4) {
        int spn = b1 | (b2 << 8) | ((b3 >> 5) & 0x07) << 16;
        return new J1939Dtc(spn, b3 & 0x1F, b4 & 0x7F, (b4 >> 7) & 1);
    }

    /**
     * Checks a DTC an ECU reported: SPN 0 is no parameter, and conversion method 1 (J1939-73 versions 1-3
     * with another SPN byte order) is not read.
     *
     * @throws DtcDecodeException SPN_OUT_OF_RANGE or UNSUPPORTED_CONVERSION_METHOD
     */
    public J1939Dtc checkedAsReported() {
        if (spn == 0) {
            throw new DtcDecodeException(DtcProblem.SPN_OUT_OF_RANGE, "SPN 0 is not a parameter (FMI " + fmi + ")");
        }
        if (conversionMethod == 1) {
            throw new DtcDecodeException(DtcProblem.UNSUPPORTED_CONVERSION_METHOD,
                    "SPN conversion method 1 (J1939-73 versions 1-3) is not read");
        }
        return this;
    }

    public String key() {
        return "SPN " + spn + " FMI " + fmi;
    }
}

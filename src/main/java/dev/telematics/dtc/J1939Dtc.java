package dev.telematics.dtc;

/**
 * A J1939 diagnostic trouble code: suspect parameter number (SPN, 19 bits), failure mode identifier
 * (FMI, 5 bits), occurrence count (7 bits) and the SPN conversion method (CM) bit.
 *
 * <p>CM 0 is the J1939-73 layout of today (version 4): SPN bits 0-7, bits 8-15, bits 16-18 in the top of
 * the third byte. CM 1 says the ECU follows one of the older versions 1-3, and the bit cannot tell which:
 * version 3 uses the same byte layout as version 4, versions 1 and 2 send the SPN's most significant bits
 * first ({@link CmLayout}). Like the peers (python-can-j1939's default, the Equipment &amp; Tool
 * Institute's j1939-84 tool), a CM 1 DTC is read in the version 3 layout unless the caller knows better,
 * and the CM bit is kept on the decoded DTC so that a technician sees the SPN may be an old-layout number.
 * Immutable.
 *
 * @param conversionMethod the CM bit as sent: 0 (J1939-73 version 4) or 1 (versions 1-3)
 */
public record J1939Dtc(int spn, int fmi, int occurrenceCount, int conversionMethod) {
    public static final int MAX_SPN = 524_287;

    /** How the SPN of a DTC whose CM bit is 1 is laid out (SAE J1939-73 versions 1-3). */
    public enum CmLayout {
        /** byte 1 = SPN bits 18-11, byte 2 = bits 10-3, byte 3 bits 7-5 = bits 2-0 */
        VERSION_1,
        /** byte 1 = SPN bits 10-3, byte 2 = bits 18-11, byte 3 bits 7-5 = bits 2-0 */
        VERSION_2,
        /** the version 4 layout (byte 1 = bits 7-0, byte 2 = bits 15-8, byte 3 bits 7-5 = bits 18-16): the default */
        VERSION_3
    }

    public J1939Dtc {
        if (spn < 0 || spn > MAX_SPN || fmi < 0 || fmi > 31) {
            throw new DtcDecodeException(DtcProblem.SPN_OUT_OF_RANGE,
                    "SPN must be 0-" + MAX_SPN + " and FMI 0-31, got SPN " + spn + " FMI " + fmi);
        }
        if (occurrenceCount < 0 || occurrenceCount > 127 || (conversionMethod != 0 && conversionMethod != 1)) {
            throw new IllegalArgumentException("occurrence count 0-127, conversion method 0 or 1");
        }
    }

    /** The 4 bytes of this DTC in a DM1 message (CM 1 in the version 3 layout, which is the version 4 one). */
    public byte[] toBytes() {
        return new byte[] {(byte) (spn & 0xFF), (byte) ((spn >> 8) & 0xFF), (byte) (((spn >> 16) & 0x07) << 5 | fmi),
            (byte) (conversionMethod << 7 | occurrenceCount)};
    }

    /** The DTC of 4 DM1 bytes; a CM 1 DTC is read in the {@link CmLayout#VERSION_3} layout. */
    public static J1939Dtc fromBytes(int b1, int b2, int b3, int b4) {
        return fromBytes(b1, b2, b3, b4, CmLayout.VERSION_3);
    }

    /** The DTC of 4 DM1 bytes, a CM 1 DTC read in {@code cmLayout} (a CM 0 DTC always in the version 4 layout). */
    public static J1939Dtc fromBytes(int b1, int b2, int b3, int b4, CmLayout cmLayout) {
        int cm = (b4 >> 7) & 1;
        int top = (b3 >> 5) & 0x07;
        int spn;
        if (cm == 0 || cmLayout == CmLayout.VERSION_3) {
            spn = b1 | (b2 << 8) | top << 16;
        } else if (cmLayout == CmLayout.VERSION_1) {
            spn = b1 << 11 | b2 << 3 | top;
        } else {
            spn = b2 << 11 | b1 << 3 | top;
        }
        return new J1939Dtc(spn, b3 & 0x1F, b4 & 0x7F, cm);
    }

    /**
     * Checks a DTC an ECU reported: SPN 0 is no parameter.
     *
     * @throws DtcDecodeException SPN_OUT_OF_RANGE
     */
    public J1939Dtc checkedAsReported() {
        if (spn == 0) {
            throw new DtcDecodeException(DtcProblem.SPN_OUT_OF_RANGE, "SPN 0 is not a parameter (FMI " + fmi + ")");
        }
        return this;
    }

    public String key() {
        return "SPN " + spn + " FMI " + fmi;
    }
}

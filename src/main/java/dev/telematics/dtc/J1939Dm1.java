package dev.telematics.dtc;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * J1939 DM1 (active diagnostic trouble codes, PGN 65226) payloads: lamp status, flash status, then
 * four bytes per DTC (SPN low, SPN middle, SPN high bits + FMI, conversion method + occurrence count).
 * The placeholder 00 00 00 00 (no active DTC) and FF FF FF FF are skipped, and so are fewer than four
 * trailing bytes that are all 00 or all FF: the padding of an 8-byte CAN frame, which the peers
 * (python-can-j1939, j1939-84) read cleanly. Fewer than four trailing bytes of anything else are a
 * truncated DTC. A DTC with conversion method 1 is decoded and keeps its CM bit ({@link J1939Dtc}).
 * Stateless; thread-safe.
 */
public final class J1939Dm1 {
    private J1939Dm1() {
    }

    /**
     * Decodes a DM1 payload, reading CM 1 DTCs in the J1939-73 version 3 layout.
     *
     * @throws DtcDecodeException when even the lamp bytes are missing
     */
    public static DecodedDtcs decode(byte[] data) {
        return decode(data, J1939Dtc.CmLayout.VERSION_3);
    }

    /**
     * Decodes a DM1 payload, reading CM 1 DTCs in {@code cmLayout} (for an ECU known to follow J1939-73
     * version 1 or 2).
     *
     * @throws DtcDecodeException when even the lamp bytes are missing
     */
    public static DecodedDtcs decode(byte[] data, J1939Dtc.CmLayout cmLayout) {
        if (data.length < 2) {
            throw new DtcDecodeException(DtcProblem.TRUNCATED_RECORD, "DM1 needs lamp and flash status bytes");
        }
        J1939Lamps lamps = J1939Lamps.fromBytes(data[0] & 0xFF, data[1] & 0xFF);
        List<ReportedDtc> dtcs = new ArrayList<>();
        List<DtcDecodeException> problems = new ArrayList<>();
        int i = 2;
        for (; i + 4 <= data.length; i += 4) {
            int b1 = data[i] & 0xFF;
            int b2 = data[i + 1] & 0xFF;
            int b3 = data[i + 2] & 0xFF;
            int b4 = data[i + 3] & 0xFF;
            if ((b1 | b2 | b3 | b4) == 0 || (b1 & b2 & b3 & b4) == 0xFF) {
                continue;
            }
            try {
                dtcs.add(ReportedDtc.j1939(J1939Dtc.fromBytes(b1, b2, b3, b4, cmLayout).checkedAsReported(), null));
            } catch (DtcDecodeException e) {
                problems.add(e);
            }
        }
        if (i < data.length && !allOf(data, i, 0x00) && !allOf(data, i, 0xFF)) {
            problems.add(new DtcDecodeException(DtcProblem.TRUNCATED_RECORD, "last DTC has " + (data.length - i)
                    + " of 4 bytes"));
        }
        return new DecodedDtcs(dtcs, problems, null, lamps);
    }

    public static byte[] encode(J1939Lamps lamps, List<J1939Dtc> dtcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(lamps.statusByte());
        out.write(lamps.flashByte());
        if (dtcs.isEmpty()) {
            out.writeBytes(new byte[4]);
        }
        for (J1939Dtc d : dtcs) {
            out.writeBytes(d.toBytes());
        }
        return out.toByteArray();
    }

    private static boolean allOf(byte[] data, int from, int value) {
        for (int i = from; i < data.length; i++) {
            if ((data[i] & 0xFF) != value) {
                return false;
            }
        }
        return true;
    }
}

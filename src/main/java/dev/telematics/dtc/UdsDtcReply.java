package dev.telematics.dtc;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * UDS (ISO 14229-1) ReadDTCInformation positive replies: {@code 59 02 <statusAvailabilityMask>} then
 * {@code <High> <Middle> <Low> <statusOfDTC>} per DTC. The DTCFormatIdentifier (from the request
 * context, default 0x00) says how the three DTC bytes read: J2012 code + failure type byte (0x00,
 * 0x04), J1939-73 SPN/FMI (0x02), or opaque bytes (0x01 ISO 14229-1, 0x03 ISO 11992-4).
 * Zero padding is tolerated as python-udsoncan tolerates it: records whose three DTC bytes are 00 are
 * skipped, and fewer than four trailing bytes that are all 00 end the reply cleanly; fewer than four
 * trailing bytes of anything else are a truncated record. Stateless; thread-safe.
 */
public final class UdsDtcReply {
    public static final int POSITIVE_RESPONSE = 0x59;
    public static final int NEGATIVE_RESPONSE = 0x7F;
    public static final int REPORT_DTC_BY_STATUS_MASK = 0x02;
    public static final int REPORT_SUPPORTED_DTC = 0x0A;

    private UdsDtcReply() {
    }

    /** @throws DtcDecodeException when the reply as a whole cannot be read (wrong service, format, too short) */
    public static DecodedDtcs decode(byte[] data, int dtcFormatId) {
        if (dtcFormatId < 0 || dtcFormatId > 4) {
            throw new DtcDecodeException(DtcProblem.UNKNOWN_FORMAT_IDENTIFIER,
                    String.format("DTCFormatIdentifier 0x%02X is not one of 0x00-0x04", dtcFormatId));
        }
        if (data.length == 0) {
            throw new DtcDecodeException(DtcProblem.TRUNCATED_RECORD, "empty UDS reply");
        }
        int sid = data[0] & 0xFF;
        if (sid == NEGATIVE_RESPONSE) {
            throw new DtcDecodeException(DtcProblem.WRONG_SERVICE_ID, data.length >= 3
                    ? String.format("negative response to service 0x%02X, NRC 0x%02X", data[1] & 0xFF, data[2] & 0xFF)
                    : "negative response");
        }
        if (sid != POSITIVE_RESPONSE) {
            throw new DtcDecodeException(DtcProblem.WRONG_SERVICE_ID,
                    String.format("service id 0x%02X is not 0x59 (positive reply to ReadDTCInformation 0x19)", sid));
        }
        if (data.length < 3) {
            throw new DtcDecodeException(DtcProblem.TRUNCATED_RECORD, "reply ends before the status availability mask");
        }
        int sub = data[1] & 0xFF;
        if (sub != REPORT_DTC_BY_STATUS_MASK && sub != REPORT_SUPPORTED_DTC) {
            throw new DtcDecodeException(DtcProblem.UNSUPPORTED_SUBFUNCTION,
                    String.format("sub-function 0x%02X (read: 0x02 reportDTCByStatusMask, 0x0A reportSupportedDTC)", sub));
        }
        List<ReportedDtc> dtcs = new ArrayList<>();
        List<DtcDecodeException> problems = new ArrayList<>();
        int i = 3;
        for (; i + 4 <= data.length; i += 4) {
            int hi = data[i] & 0xFF;
            int mid = data[i + 1] & 0xFF;
            int lo = data[i + 2] & 0xFF;
            UdsStatus status = new UdsStatus(data[i + 3] & 0xFF);
            if ((hi | mid | lo) == 0) {
                continue; // 00 00 00: padding, no DTC
            }
            try {
                dtcs.add(switch (dtcFormatId) {
                    case 0x00, 0x04 -> ReportedDtc.uds(DtcCode.fromBytes(hi, mid), lo, status);
                    case 0x02 -> ReportedDtc.j1939(new J1939Dtc(hi | mid << 8 | ((lo >> 5) & 0x07) << 16, lo & 0x1F, 0, 0)
                            .checkedAsReported(), status);
                    default -> ReportedDtc.raw(hi, mid, lo, status);
                });
            } catch (DtcDecodeException e) {
                problems.add(e);
            }
        }
        if (i < data.length && !allZero(data, i)) {
            problems.add(new DtcDecodeException(DtcProblem.TRUNCATED_RECORD, "last DTC record has "
                    + (data.length - i) + " of 4 bytes"));
        }
        return new DecodedDtcs(dtcs, problems, data[2] & 0xFF, null);
    }

    private static boolean allZero(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A 59 02 FF reply for J2012 codes with their failure type bytes and statuses (DTCFormatIdentifier 0x00). */
    public static byte[] encode(List<ReportedDtc> dtcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(POSITIVE_RESPONSE);
        out.write(REPORT_DTC_BY_STATUS_MASK);
        out.write(0xFF);
        for (ReportedDtc d : dtcs) {
            int[] b = d.code().toBytes();
            out.write(b[0]);
            out.write(b[1]);
            out.write(d.ftb() == null ? 0 : d.ftb());
            out.write(d.status() == null ? UdsStatus.CONFIRMED_DTC | UdsStatus.TEST_FAILED : d.status().value());
        }
        return out.toByteArray();
    }
}

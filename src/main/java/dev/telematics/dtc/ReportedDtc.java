package dev.telematics.dtc;

import java.util.Objects;

/**
 * One DTC as an ECU reported it, whatever the encoding: a J2012 code (with the UDS failure type byte
 * and status when it came in a UDS reply), a J1939 SPN/FMI, or, for UDS formats without a J2012
 * meaning, the raw three bytes.
 *
 * @param key    the DTC's identity within its ECU: the J2012 code ("P0110", whatever its failure type),
 *               "SPN 168 FMI 4", or "0x0AA600" for raw formats
 * @param code   the J2012 code, or null for J1939 and raw formats
 * @param ftb    the UDS failure type byte, or null
 * @param status the UDS status byte, or null when the encoding has none (J2012 lists and DM1 report active codes)
 * @param j1939  the J1939 DTC, or null
 */
public record ReportedDtc(String key, DtcCode code, Integer ftb, UdsStatus status, J1939Dtc j1939) {
    public ReportedDtc {
        Objects.requireNonNull(key, "key");
    }

    public static ReportedDtc j2012(DtcCode code) {
        return new ReportedDtc(code.code(), code, null, null, null);
    }

    public static ReportedDtc uds(DtcCode code, int ftb, UdsStatus status) {
        return new ReportedDtc(code.code(), code, ftb, status, null);
    }

    /** How a technician writes it: the key, with the failure type byte when there is one ("P0110-1C"). */
    public String label() {
        return ftb == null ? key : String.format("%s-%02X", key, ftb);
    }

    public static ReportedDtc raw(int high, int middle, int low, UdsStatus status) {
        return new ReportedDtc(String.format("0x%02X%02X%02X", high, middle, low), null, null, status, null);
    }

    public static ReportedDtc j1939(J1939Dtc dtc, UdsStatus status) {
        return new ReportedDtc(dtc.key(), null, null, status, dtc);
    }

    /** The ECU reports it failing, pending or confirmed (a status byte may also say it is cleared). */
    public boolean active() {
        return status == null || status.active();
    }

    /** Confirmed: a UDS confirmedDTC bit, or any code of an encoding without status (stored / active codes). */
    public boolean confirmed() {
        return status == null || status.confirmedDTC();
    }

    /** Pending: the UDS pendingDTC bit without the confirmed bit. */
    public boolean pending() {
        return status != null && status.pendingDTC() && !status.confirmedDTC();
    }
}

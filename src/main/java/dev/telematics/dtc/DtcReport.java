package dev.telematics.dtc;

import java.util.List;
import java.util.Objects;

/**
 * The DTCs one ECU of one vehicle reported at a vehicle timestamp: its complete list of active codes
 * (an empty list: none active), decoded from any of the encodings.
 *
 * @param format "j2012", "uds" or "j1939-dm1"
 * @param lamps  the J1939 lamp status, or null
 */
public record DtcReport(long timestampMillis, String ecu, String format, List<ReportedDtc> dtcs, J1939Lamps lamps) {
    public DtcReport {
        Objects.requireNonNull(ecu, "ecu");
        Objects.requireNonNull(format, "format");
        dtcs = List.copyOf(dtcs);
    }

    public DtcReport withTimestamp(long ts) {
        return new DtcReport(ts, ecu, format, dtcs, lamps);
    }
}

package dev.telematics.dtc;

import java.util.List;
import java.util.Objects;

/** The fault codes one ECU of one vehicle reported at a vehicle timestamp (an empty list: none active). */
public record DtcReport(long timestampMillis, String ecu, String format, List<DtcCode> codes) {
    public DtcReport {
        Objects.requireNonNull(ecu, "ecu");
        Objects.requireNonNull(format, "format");
        codes = List.copyOf(codes);
    }
}

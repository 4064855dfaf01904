package dev.telematics.dtc;

import java.util.List;

/**
 * What a DTC payload held: the DTCs that could be decoded, the problems met on the way (a truncated
 * last record, an invalid code among valid ones), and the extras of the encoding.
 *
 * @param statusAvailabilityMask UDS: the status bits the ECU supports, or null
 * @param lamps                  J1939 DM1: lamp and flash status, or null
 */
public record DecodedDtcs(List<ReportedDtc> dtcs, List<DtcDecodeException> problems, Integer statusAvailabilityMask,
                          J1939Lamps lamps) {
    public DecodedDtcs {
        dtcs = List.copyOf(dtcs);
        problems = List.copyOf(problems);
    }
}

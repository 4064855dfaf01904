package dev.telematics.dtc;

/** Why (part of) a DTC report could not be decoded. Names are stable: they are counted and exported. */
public enum DtcProblem {
    /** a string that is not a J2012 code such as P0AA6 (or its two bytes, 0A A6) */
    INVALID_CODE,
    /** hex data with a non-hex character or an odd number of digits */
    INVALID_HEX,
    /** a UDS reply that is not a positive ReadDTCInformation reply (0x59), or a negative reply (0x7F) */
    WRONG_SERVICE_ID,
    /** a UDS sub-function this engine does not read (it reads 0x02 reportDTCByStatusMask) */
    UNSUPPORTED_SUBFUNCTION,
    /** a record cut short: the complete records before it are kept */
    TRUNCATED_RECORD,
    /** a UDS DTCFormatIdentifier other than 0x00-0x04 */
    UNKNOWN_FORMAT_IDENTIFIER,
    /** a J1939 SPN outside 1-524287 or FMI outside 0-31 */
    SPN_OUT_OF_RANGE,
    /**
     * no longer produced: J1939 DTCs with conversion method 1 are decoded and flagged (see {@link J1939Dtc});
     * the name stays so that exported counters keep their names
     */
    UNSUPPORTED_CONVERSION_METHOD,
    /** more DTCs in one report than the engine keeps (the first ones are kept) */
    TOO_MANY_DTCS,
    /** a report from more ECUs of one vehicle than the engine tracks */
    TOO_MANY_ECUS
}

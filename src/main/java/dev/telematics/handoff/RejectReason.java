package dev.telematics.handoff;

/** Why a vehicle message (or a sample of a batch) was not accepted. Names are stable: they are counted and exported. */
public enum RejectReason {
    INVALID_TOPIC,
    INVALID_VIN,
    PAYLOAD_TOO_LARGE,
    MALFORMED_JSON,
    MISSING_FIELD,
    INVALID_FIELD,
    TIMESTAMP_IN_FUTURE,
    TIMESTAMP_TOO_OLD,
    NO_VALID_SIGNALS,
    INVALID_DTC,
    /** An owner's acknowledgement names no existing case. */
    UNKNOWN_CASE,
    /** An owner's acknowledgement names a case of another vehicle than its topic's. */
    OTHER_VEHICLES_CASE,
    /** An owner's acknowledgement names a warning never sent to the car for that case. */
    UNKNOWN_WARNING,
    OVERLOADED,
    PROCESSING_ERROR
}

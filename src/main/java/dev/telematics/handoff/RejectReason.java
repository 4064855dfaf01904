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
    OVERLOADED,
    PROCESSING_ERROR
}

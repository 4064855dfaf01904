package dev.telematics.remote;

/** Where a remote command stands. Only PENDING changes, once, to one of the others. */
public enum CommandStatus {
    /** Sent; waiting for the car's answer until the command expires. */
    PENDING,
    /** The car answered {@code "status": "OK"}; its result is on the command and the case. */
    ANSWERED,
    /** The car answered but did not carry it out (e.g. {@code "status": "REFUSED", "reason": "driving"}). */
    REFUSED_BY_CAR,
    /** No answer before the command expired (the car is off, asleep or out of coverage). */
    TIMED_OUT,
    /** The broker could not take the request (engine stopping). */
    SEND_FAILED,
    /** The owner withdrew consent before the car answered: the answer was discarded, not stored. */
    CONSENT_WITHDRAWN
}

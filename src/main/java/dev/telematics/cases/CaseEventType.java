package dev.telematics.cases;

/**
 * What an audited {@link CaseEvent} records. The constants are named exactly as the type strings of the
 * audit trail, so the JSON form (an enum serialises to its name), the database column and the archive's
 * tag keep their values: {@code "OPENED"}, {@code "COMMAND_SENT"} and so on.
 */
public enum CaseEventType {
    /** The engine opened the case for a firing rule. */
    OPENED,
    /** The problem came back while the case was active (only the first recurrences are audited). */
    RECURRED,
    /** A more severe rule of the same problem raised the case's severity. */
    ESCALATED,
    /** The problem came back shortly after the case was closed. */
    REOPENED,
    /** The case was given to a technician for the first time. */
    ASSIGNED,
    /** The case moved from one technician to another. */
    REASSIGNED,
    /** A workflow transition. */
    STATUS_CHANGED,
    /** A technician added a note. */
    NOTE_ADDED,
    /** An SLA target passed without what it asks for. */
    SLA_MISSED,
    /** A supervisor set the SLA targets by hand. */
    SLA_OVERRIDDEN,
    /** The owner read a warning of the case in the owner app. */
    OWNER_ACKNOWLEDGED,
    /** The owner granted remote-diagnostic access. */
    CONSENT_GRANTED,
    /** The owner withdrew remote-diagnostic access. */
    CONSENT_WITHDRAWN,
    /** A remote command or live-data request was refused for want of the owner's consent. */
    ACCESS_REFUSED,
    /** A remote command was sent to the car. */
    COMMAND_SENT,
    /** The car answered a remote command. */
    COMMAND_ANSWERED,
    /** The car answered but did not carry the command out. */
    COMMAND_REFUSED_BY_CAR,
    /** The car did not answer before the command expired. */
    COMMAND_TIMED_OUT,
    /** The broker could not take the command. */
    COMMAND_SEND_FAILED,
    /** The owner withdrew consent before the car answered: the answer was discarded. */
    COMMAND_CONSENT_WITHDRAWN
}

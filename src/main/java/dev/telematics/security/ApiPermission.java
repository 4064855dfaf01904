package dev.telematics.security;

/** What an API call needs ({@link ApiRole} says who has it). */
public enum ApiPermission {
    /** Read cases, technicians, statistics, rules, consent state. */
    READ,
    /** Acknowledge, move through the workflow, add notes. */
    WORK_CASES,
    /** Pull live data and send commands to a car (also needs the owner's consent). */
    REMOTE_DIAGNOSE,
    /** Reassign cases, override SLAs, reset statistics. */
    SUPERVISE
}

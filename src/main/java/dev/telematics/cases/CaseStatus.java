package dev.telematics.cases;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a diagnostic case stands in the service center's workflow:
 *
 * <pre>
 * OPEN -> ACKNOWLEDGED -> IN_DIAGNOSIS -> RESOLVED_REMOTELY          -> CLOSED
 *                                      -> OTA_FIX_SCHEDULED
 *                                      -> SERVICE_BOOKED (work order)
 *                                      -> MOBILE_SERVICE_DISPATCHED
 *                                      -> ROADSIDE_DISPATCHED
 * </pre>
 *
 * An outcome may go back to IN_DIAGNOSIS (the fix did not work). A case is active, and collects repeated
 * firings of its problem, until it is CLOSED; a closed case whose problem comes back within the
 * configured period is reopened by the engine (CLOSED -> OPEN), later a new case is opened.
 */
public enum CaseStatus {
    OPEN, ACKNOWLEDGED, IN_DIAGNOSIS, RESOLVED_REMOTELY, OTA_FIX_SCHEDULED, SERVICE_BOOKED, MOBILE_SERVICE_DISPATCHED,
    ROADSIDE_DISPATCHED, CLOSED;

    private static final Set<CaseStatus> OUTCOMES = EnumSet.of(RESOLVED_REMOTELY, OTA_FIX_SCHEDULED, SERVICE_BOOKED,
            MOBILE_SERVICE_DISPATCHED, ROADSIDE_DISPATCHED);

    public boolean active() {
        return this != CLOSED;
    }

    /** One of the five ways a diagnosis ends (remote fix, OTA, workshop, mobile service, roadside). */
    public boolean outcome() {
        return OUTCOMES.contains(this);
    }

    /** Whether the case has been acknowledged by a technician (any state after OPEN). */
    public boolean acknowledged() {
        return this != OPEN;
    }

    public boolean canMoveTo(CaseStatus next) {
        return allowedNext().contains(next);
    }

    /** The states a technician may move a case to from this one. */
    public Set<CaseStatus> allowedNext() {
        return switch (this) {
            case OPEN -> EnumSet.of(ACKNOWLEDGED);
            case ACKNOWLEDGED -> EnumSet.of(IN_DIAGNOSIS);
            case IN_DIAGNOSIS -> EnumSet.copyOf(OUTCOMES);
            case RESOLVED_REMOTELY, OTA_FIX_SCHEDULED, SERVICE_BOOKED, MOBILE_SERVICE_DISPATCHED, ROADSIDE_DISPATCHED ->
                    EnumSet.of(CLOSED, IN_DIAGNOSIS);
            case CLOSED -> EnumSet.noneOf(CaseStatus.class);
        };
    }
}

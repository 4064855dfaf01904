package dev.telematics.error;

/**
 * Stable error codes. The names are part of the public contract (HTTP API, logs, CLI output):
 * never rename one, only add.
 */
public enum ErrorCode {
    INVALID_VIN(400),
    BAD_REQUEST(400),
    INVALID_JSON(400),
    MISSING_FIELD(400),
    INVALID_PARAMETER(400),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    /** A request carrying X-HTTP-Method-Override, X-HTTP-Method or X-Method-Override: the API honours only the real method. */
    METHOD_OVERRIDE_REFUSED(400),
    CASE_NOT_FOUND(404),
    INVALID_TRANSITION(409),
    STALE_UPDATE(409),
    RULE_INVALID(500),
    SCENARIO_INVALID(500),
    CONFIG_INVALID(500),
    INTERNAL_ERROR(500),
    SERVICE_UNAVAILABLE(503),
    STORE_UNAVAILABLE(503),
    TECHNICIAN_NOT_FOUND(404),
    /** No valid API token ({@code Authorization: Bearer TOKEN}): missing, malformed, forged or expired. */
    UNAUTHENTICATED(401),
    /** The token's role may not do this (e.g. an auditor changing a case). */
    FORBIDDEN(403),
    /** The owner has not granted remote-diagnostic access to the car (live data, commands). */
    CONSENT_REQUIRED(403),
    COMMAND_NOT_FOUND(404),
    /** The engine (in a cluster: this node) holds no state of the vehicle; the node that owns its partition does. */
    VEHICLE_NOT_FOUND(404);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}

package dev.telematics.remote;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One remote diagnostic command and, once it is settled, its outcome. Immutable.
 *
 * @param id          command id, also the MQTT 5 correlation data ({@code CMD-...})
 * @param caseNumber  the case it was sent for (where it is audited)
 * @param vin         the car
 * @param type        what was asked
 * @param requestedBy the technician
 * @param requestedAt when it was sent
 * @param expiresAt   when it times out (also the MQTT message expiry)
 * @param status      PENDING until the car answers or it times out
 * @param settledAt   when it left PENDING, or null
 * @param result      the car's answer (its JSON object), or null
 * @param detail      what happened, in words (for the case's audit trail)
 */
public record RemoteCommand(String id, String caseNumber, String vin, CommandType type, String requestedBy,
                            Instant requestedAt, Instant expiresAt, CommandStatus status, Instant settledAt,
                            Map<String, Object> result, String detail) {
    public RemoteCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(caseNumber, "caseNumber");
        Objects.requireNonNull(vin, "vin");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(status, "status");
    }

    public RemoteCommand settled(CommandStatus to, Instant at, Map<String, Object> answer, String what) {
        return new RemoteCommand(id, caseNumber, vin, type, requestedBy, requestedAt, expiresAt, to, at, answer, what);
    }

    public boolean pending() {
        return status == CommandStatus.PENDING;
    }
}

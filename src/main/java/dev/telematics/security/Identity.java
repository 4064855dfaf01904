package dev.telematics.security;

import dev.telematics.vehicle.Vin;
import java.util.Objects;

/**
 * Who an MQTT connection speaks for: a vehicle (username = its VIN) or the owner app of one vehicle
 * (username = {@code owner:VIN}). Immutable.
 */
public record Identity(Role role, String vin) {
    public enum Role { VEHICLE, OWNER_APP }

    public static final String OWNER_PREFIX = "owner:";

    public Identity {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(vin, "vin");
    }

    /** The identity a username claims, or null when it is neither a VIN nor {@code owner:VIN}. */
    public static Identity claimedBy(String username) {
        if (username == null) {
            return null;
        }
        if (username.startsWith(OWNER_PREFIX)) {
            String vin = username.substring(OWNER_PREFIX.length());
            return Vin.isValid(vin) ? new Identity(Role.OWNER_APP, vin) : null;
        }
        return Vin.isValid(username) ? new Identity(Role.VEHICLE, username) : null;
    }

    public String username() {
        return role == Role.VEHICLE ? vin : OWNER_PREFIX + vin;
    }

    /** How it is kept in the connection's attribute store. */
    String encode() {
        return role.name() + "|" + vin;
    }

    static Identity decode(String s) {
        int bar = s.indexOf('|');
        return new Identity(Role.valueOf(s.substring(0, bar)), s.substring(bar + 1));
    }
}

package dev.telematics.security;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.vehicle.Vin;

/** Gives a vehicle (or its owner app) a new MQTT secret; only the salted hash is stored. */
public final class Provisioner {
    /** What the car (or app) is told once: username and the secret in clear. */
    public record Issued(String vin, String username, String password) {
        @Override
        public String toString() {
            return "Issued[vin=" + vin + ", username=" + username + ", password=***]";
        }
    }

    private final CredentialStore store;

    public Provisioner(CredentialStore store) {
        this.store = store;
    }

    /** A new secret for the vehicle (or, with {@code ownerApp}, for its owner app); replaces any earlier one. */
    public Issued provision(String vin, boolean ownerApp) {
        if (!Vin.isValid(vin)) {
            throw new EngineException(ErrorCode.INVALID_VIN, "'" + vin + "' is not a valid VIN (17 characters, no I, O, Q)");
        }
        Identity id = new Identity(ownerApp ? Identity.Role.OWNER_APP : Identity.Role.VEHICLE, vin);
        String secret = Secrets.newSecret();
        store.put(Secrets.hash(id.username(), secret));
        return new Issued(vin, id.username(), secret);
    }
}

package dev.telematics.api;

import dev.telematics.consent.ConsentStore;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.vehicle.Vin;
import io.javalin.Javalin;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/vehicles/{vin}/state}: what processing holds of a car now: messages applied, the latest car time
 * and message sequence number, and (only while the owner's remote-diagnostic consent is in force: 403
 * CONSENT_REQUIRED otherwise) its latest signals and their recent history. In a cluster only the node that owns
 * the car's partition holds it (404 VEHICLE_NOT_FOUND on the others, with the node's id).
 */
public final class VehicleRoutes {
    /** Reads one car's state on its processing worker; empty when this engine holds none. */
    @FunctionalInterface
    public interface VehicleStates {
        Optional<Map<String, Object>> state(Vin vin);
    }

    private final VehicleStates states;
    private final ConsentStore consents;
    private final String node;

    VehicleRoutes(VehicleStates states, ConsentStore consents, String node) {
        this.states = states;
        this.consents = consents;
        this.node = node;
    }

    void register(Javalin app) {
        app.get("/api/vehicles/{vin}/state", ctx -> {
            String text = ctx.pathParam("vin");
            if (!Vin.isValid(text)) {
                throw new EngineException(ErrorCode.INVALID_VIN, "'" + clip(text) + "' is not a valid VIN");
            }
            if (!consents.granted(text)) {
                throw new EngineException(ErrorCode.CONSENT_REQUIRED, "the owner of " + text + " has not granted "
                        + "remote-diagnostic access: live data needs the owner's consent (owner app)");
            }
            Map<String, Object> s = states.state(new Vin(text)).orElseThrow(() -> new EngineException(
                    ErrorCode.VEHICLE_NOT_FOUND, "node " + node + " holds no state of " + text
                    + (node.equals("single") ? "" : " (in a cluster, the node that owns its partition does)")));
            ctx.json(s);
        });
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}

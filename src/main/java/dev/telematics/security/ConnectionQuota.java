package dev.telematics.security;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many connections each credential (MQTT username) has open, by client id, and whether one more may
 * connect: a car at most 1, an owner app at most {@code perOwnerApp} devices (0: no limit).
 *
 * <p>A connect with a client id the credential already has open is always allowed: MQTT's session takeover
 * (the broker closes the older connection with that client id) makes it a replacement, not an additional
 * connection, so a car reconnecting after a network drop is never locked out by its own stale connection.
 * A released connection frees its place only if it still holds it (a takeover has not replaced it).
 *
 * <p>Threading: called on HiveMQ's threads for many clients at once; each credential's entry is changed
 * atomically ({@link ConcurrentHashMap#compute}), so concurrent connects cannot both take the last place.
 */
final class ConnectionQuota {
    /** A car's credential: one session, its client id is its VIN. */
    static final int PER_VEHICLE = 1;
    private final int perOwnerApp;
    /** username -> (client id -> connection id); a credential's inner map is only touched inside compute. */
    private final Map<String, Map<String, String>> open = new ConcurrentHashMap<>();

    /** @param perOwnerApp devices one owner-app credential may have connected at once; 0: no limit */
    ConnectionQuota(int perOwnerApp) {
        if (perOwnerApp < 0) {
            throw new IllegalArgumentException("connections per owner app must be >= 0 (0: no limit), got " + perOwnerApp);
        }
        this.perOwnerApp = perOwnerApp;
    }

    /** The most connections {@code id}'s credential may have open; 0: no limit. */
    int limit(Identity id) {
        return id.role() == Identity.Role.VEHICLE ? PER_VEHICLE : perOwnerApp;
    }

    /**
     * Takes a place for {@code connection} (client {@code clientId}) of credential {@code id}; false when the
     * credential has its limit of other client ids connected already.
     */
    boolean tryAcquire(Identity id, String clientId, String connection) {
        int max = limit(id);
        boolean[] taken = {false};
        open.compute(id.username(), (user, clients) -> {
            Map<String, String> c = clients == null ? new HashMap<>() : clients;
            if (max == 0 || c.containsKey(clientId) || c.size() < max) {
                c.put(clientId, connection);
                taken[0] = true;
            }
            return c.isEmpty() ? null : c;
        });
        return taken[0];
    }

    /** The connection ended: its place is free again, unless a newer connection with its client id took it. */
    void release(String username, String clientId, String connection) {
        open.computeIfPresent(username, (user, clients) -> {
            clients.remove(clientId, connection);
            return clients.isEmpty() ? null : clients;
        });
    }

    /** Connections held under {@code username} now. */
    int openFor(String username) {
        int[] n = {0};
        open.computeIfPresent(username, (user, clients) -> {
            n[0] = clients.size();
            return clients;
        });
        return n[0];
    }
}

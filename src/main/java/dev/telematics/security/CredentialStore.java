package dev.telematics.security;

import java.util.Optional;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Salted hashes of the MQTT secrets of vehicles and owner apps, by username. Thread-safe. */
public interface CredentialStore {
    /** A stored credential: its salt and the hash of salt and secret (both Base64). */
    record Stored(String username, String salt, String hash) {
    }

    Optional<Stored> find(String username);

    /** Adds or replaces the credential of {@code username}. */
    void put(Stored credential);

    /**
     * The stored hash of each of {@code usernames} that has a credential (absent: none any more), for
     * checking live connections against credentials replaced since they connected.
     */
    default Map<String, String> hashes(Collection<String> usernames) {
        Map<String, String> out = new HashMap<>();
        for (String u : usernames) {
            find(u).ifPresent(s -> out.put(u, s.hash()));
        }
        return out;
    }
}

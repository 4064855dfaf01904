package dev.telematics.security;

import java.util.Optional;

/** Salted hashes of the MQTT secrets of vehicles and owner apps, by username. Thread-safe. */
public interface CredentialStore {
    /** A stored credential: its salt and the hash of salt and secret (both Base64). */
    record Stored(String username, String salt, String hash) {
    }

    Optional<Stored> find(String username);

    /** Adds or replaces the credential of {@code username}. */
    void put(Stored credential);
}

package dev.telematics.security;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Credentials in memory (lost on restart; for tests). */
public final class InMemoryCredentialStore implements CredentialStore {
    private final Map<String, Stored> byUsername = new ConcurrentHashMap<>();

    @Override
    public Optional<Stored> find(String username) {
        return Optional.ofNullable(byUsername.get(username));
    }

    @Override
    public void put(Stored credential) {
        byUsername.put(credential.username(), credential);
    }
}

package dev.telematics.simulator;

import java.util.Objects;

/**
 * MQTT username and password of one simulated car. {@link #toString()} hides the password.
 *
 * @param username MQTT username, not null
 * @param password MQTT password (UTF-8), not null
 */
public record Credentials(String username, String password) {
    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}

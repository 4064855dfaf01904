package dev.telematics.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Machine secrets: 144 random bits, shown once when provisioned and kept only as a salted SHA-256
 * hash. A fast hash is enough for random secrets of this length (no dictionary to guess from), and a
 * slow one (PBKDF2 at ~50 ms) would cost minutes of CPU when 10,000 cars reconnect at once.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** A new random secret (24 URL-safe characters). */
    public static String newSecret() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The stored form of {@code secret} for {@code username}, with a new random salt. */
    public static CredentialStore.Stored hash(String username, String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String s = Base64.getEncoder().encodeToString(salt);
        return new CredentialStore.Stored(username, s, digest(s, secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code presented} is the secret of {@code stored} (constant time). */
    public static boolean matches(CredentialStore.Stored stored, byte[] presented) {
        byte[] expected = Base64.getDecoder().decode(stored.hash());
        byte[] actual = Base64.getDecoder().decode(digest(stored.salt(), presented));
        return MessageDigest.isEqual(expected, actual);
    }

    private static String digest(String salt, byte[] secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Base64.getDecoder().decode(salt));
            sha.update(secret);
            return Base64.getEncoder().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}

package dev.telematics.broker;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The broker's MQTT over TLS listener (next to the plain TCP listener).
 *
 * <p>The key store (PKCS12 or JKS) holds the broker's certificate chain and private key. With a trust
 * store, the broker asks clients for a certificate signed by one of its certificates
 * ({@link ClientAuth#OPTIONAL} or {@link ClientAuth#REQUIRED}); the MQTT username and password are
 * still checked, and a presented certificate must name the username in its subject CN.
 *
 * <p>{@link #toString()} never shows the passwords. Immutable.
 *
 * @param port               TCP port of the TLS listener (on the broker's bind address)
 * @param keyStore           PKCS12 or JKS file with the broker's private key and certificate chain
 * @param keyStorePassword   password of the key store
 * @param keyPassword        password of the private key; null: the key store's (always so for PKCS12 made by keytool)
 * @param trustStore         certificates that sign client certificates; null: clients are not asked for one
 * @param trustStorePassword password of the trust store (required with a trust store)
 * @param clientAuth         whether clients must present a certificate; null: OPTIONAL with a trust store, NONE without
 */
public record TlsConfig(int port, Path keyStore, String keyStorePassword, String keyPassword, Path trustStore,
                        String trustStorePassword, ClientAuth clientAuth) {

    /** HiveMQ's client-authentication-mode. */
    public enum ClientAuth {
        /** Clients are not asked for a certificate. */
        NONE,
        /** Clients are asked; one without a certificate still connects with username and password. */
        OPTIONAL,
        /** The TLS handshake fails for a client without a certificate signed by the trust store. */
        REQUIRED;

        /** From {@code none}, {@code optional} or {@code required} (any case). */
        public static ClientAuth parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("client authentication must be none, optional or required, got '"
                        + s + "'");
            }
        }
    }

    public TlsConfig {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("TLS port must be 1-65535, got " + port);
        }
        Objects.requireNonNull(keyStore, "TLS key store");
        if (keyStorePassword == null) {
            throw new IllegalArgumentException("the TLS key store " + keyStore + " needs its password");
        }
        keyPassword = keyPassword == null ? keyStorePassword : keyPassword;
        if (trustStore != null && trustStorePassword == null) {
            throw new IllegalArgumentException("the TLS trust store " + trustStore + " needs its password");
        }
        if (clientAuth == null) {
            clientAuth = trustStore == null ? ClientAuth.NONE : ClientAuth.OPTIONAL;
        }
        if (trustStore == null && clientAuth != ClientAuth.NONE) {
            throw new IllegalArgumentException("client certificates (" + clientAuth.name().toLowerCase(Locale.ROOT)
                    + ") need a trust store with the certificates that sign them");
        }
        if (trustStore != null && clientAuth == ClientAuth.NONE) {
            throw new IllegalArgumentException("a TLS trust store is only used to check client certificates: "
                    + "with client authentication none, leave it out");
        }
        for (String password : new String[] {keyStorePassword, keyPassword, trustStorePassword}) {
            if (password != null && password.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("TLS passwords must not contain control characters");
            }
        }
    }

    /** A listener with a key store only: clients are not asked for a certificate. */
    public static TlsConfig withKeyStore(int port, Path keyStore, String keyStorePassword) {
        return new TlsConfig(port, keyStore, keyStorePassword, null, null, null, ClientAuth.NONE);
    }

    /** The same listener asking for client certificates signed by {@code store}. */
    public TlsConfig withTrustStore(Path store, String password, ClientAuth auth) {
        return new TlsConfig(port, keyStore, keyStorePassword, keyPassword, store, password, auth);
    }

    public TlsConfig withPort(int p) {
        return new TlsConfig(p, keyStore, keyStorePassword, keyPassword, trustStore, trustStorePassword, clientAuth);
    }

    /** Never shows a password. */
    @Override
    public String toString() {
        return "TlsConfig[port=" + port + ", keyStore=" + keyStore + ", trustStore=" + trustStore
                + ", clientAuth=" + clientAuth + ", passwords=***]";
    }
}

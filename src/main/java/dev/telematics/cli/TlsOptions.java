package dev.telematics.cli;

import dev.telematics.broker.TlsConfig;
import java.nio.file.Path;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * The MQTT over TLS listener's options ({@code run}, {@code demo}). Passwords come from environment
 * variables; the options that take them exist, but a command line is visible to every user of the
 * machine ({@code ps}), so they are for trying things out only. Passwords are never printed.
 */
final class TlsOptions {
    static final String KEYSTORE_PASSWORD_ENV = "TELEMATICS_TLS_KEYSTORE_PASSWORD";
    static final String KEY_PASSWORD_ENV = "TELEMATICS_TLS_KEY_PASSWORD";
    static final String TRUSTSTORE_PASSWORD_ENV = "TELEMATICS_TLS_TRUSTSTORE_PASSWORD";

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "turns on MQTT over TLS: PKCS12 or JKS key "
            + "store with the broker's private key and certificate chain; its password from $" + KEYSTORE_PASSWORD_ENV
            + " (the private key's, if different, from $" + KEY_PASSWORD_ENV + ")")
    Path keyStore;

    @Option(names = "--tls-port", paramLabel = "PORT", description = "port of the TLS listener (default: 8883)")
    Integer port;

    @Option(names = "--tls-keystore-password", paramLabel = "PASSWORD", showDefaultValue = Visibility.NEVER,
            defaultValue = "${env:" + KEYSTORE_PASSWORD_ENV + "}", description = "instead of $" + KEYSTORE_PASSWORD_ENV
            + "; visible to every user in ps: prefer the variable")
    String keyStorePassword;

    @Option(names = "--tls-truststore", paramLabel = "FILE", description = "PKCS12 or JKS trust store with the CA "
            + "certificates that sign client certificates: clients are asked for one (see --tls-client-auth) and "
            + "its subject CN must be the MQTT username; password from $" + TRUSTSTORE_PASSWORD_ENV)
    Path trustStore;

    @Option(names = "--tls-truststore-password", paramLabel = "PASSWORD", showDefaultValue = Visibility.NEVER,
            defaultValue = "${env:" + TRUSTSTORE_PASSWORD_ENV + "}", description = "instead of $"
            + TRUSTSTORE_PASSWORD_ENV + "; visible to every user in ps: prefer the variable")
    String trustStorePassword;

    @Option(names = "--tls-client-auth", paramLabel = "MODE", description = "client certificates: none, optional "
            + "(asked for; a client without one still connects with its password) or required (default: optional "
            + "with --tls-truststore, none without)")
    String clientAuth;

    /** The listener, or null when {@code --tls-keystore} is not given. */
    TlsConfig toConfig() {
        if (keyStore == null) {
            if (port != null || trustStore != null || clientAuth != null) {
                throw new IllegalArgumentException("--tls-port, --tls-truststore and --tls-client-auth need "
                        + "--tls-keystore (the broker's key and certificate)");
            }
            return null;
        }
        if (keyStorePassword == null) {
            throw new IllegalArgumentException("the TLS key store " + keyStore + " needs its password: set "
                    + KEYSTORE_PASSWORD_ENV);
        }
        if (trustStore != null && trustStorePassword == null) {
            throw new IllegalArgumentException("the TLS trust store " + trustStore + " needs its password: set "
                    + TRUSTSTORE_PASSWORD_ENV);
        }
        return new TlsConfig(port == null ? 8883 : port, keyStore, keyStorePassword, System.getenv(KEY_PASSWORD_ENV),
                trustStore, trustStore == null ? null : trustStorePassword,
                clientAuth == null ? null : TlsConfig.ClientAuth.parse(clientAuth));
    }
}

package dev.telematics.broker;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the TLS listener's key and trust stores before HiveMQ sees them, so that a missing file or a
 * wrong password stops the start with a clear {@link ErrorCode#CONFIG_INVALID} naming the file and the
 * problem (HiveMQ itself fails its start with a bare {@code UnrecoverableException} and logs the reason).
 *
 * <p>Loads them as HiveMQ does (key store type {@code JKS}, which on JDK 9+ reads PKCS12 files too).
 * Messages never contain a password. Stateless and thread-safe.
 */
final class TlsStores {
    private static final Logger LOG = LoggerFactory.getLogger(TlsStores.class);

    private TlsStores() {
    }

    /** Throws {@link EngineException} (CONFIG_INVALID) if the listener could not use its stores. */
    static void verify(TlsConfig tls) {
        KeyStore keys = load("key store", tls.keyStore(), tls.keyStorePassword());
        X509Certificate server = serverCertificate(tls.keyStore(), keys);
        try {
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm())
                    .init(keys, tls.keyPassword().toCharArray());
        } catch (UnrecoverableKeyException e) {
            throw invalid("key store", tls.keyStore(), "wrong private key password");
        } catch (GeneralSecurityException e) {
            throw invalid("key store", tls.keyStore(), "unusable private key (" + e.getMessage() + ")");
        }
        if (server != null) {
            warnIfNotValidNow(tls.keyStore(), server);
        }
        if (tls.trustStore() != null) {
            KeyStore trust = load("trust store", tls.trustStore(), tls.trustStorePassword());
            if (!holdsCertificate(trust)) {
                throw invalid("trust store", tls.trustStore(), "holds no certificate to check client certificates with");
            }
        }
    }

    private static KeyStore load(String what, Path file, String password) {
        if (!Files.isRegularFile(file)) {
            throw invalid(what, file, "no such file");
        }
        if (!Files.isReadable(file)) {
            throw invalid(what, file, "cannot be read (owner and permissions?)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw invalid(what, file, "wrong password");
            }
            throw invalid(what, file, "not a PKCS12 or JKS " + what + " (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw invalid(what, file, "cannot be loaded (" + e.getMessage() + ")");
        }
    }

    /** The certificate of the (first) private key entry; fails if there is no private key. */
    private static X509Certificate serverCertificate(Path file, KeyStore keys) {
        try {
            for (String alias : Collections.list(keys.aliases())) {
                if (keys.isKeyEntry(alias)) {
                    Certificate c = keys.getCertificate(alias);
                    return c instanceof X509Certificate x ? x : null;
                }
            }
        } catch (GeneralSecurityException e) {
            throw invalid("key store", file, "cannot be read (" + e.getMessage() + ")");
        }
        throw invalid("key store", file, "holds no private key (it needs the broker's key and certificate)");
    }

    private static boolean holdsCertificate(KeyStore trust) {
        try {
            for (String alias : Collections.list(trust.aliases())) {
                if (trust.getCertificate(alias) != null) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void warnIfNotValidNow(Path file, X509Certificate c) {
        Date now = Date.from(Instant.now());
        if (now.after(c.getNotAfter()) || now.before(c.getNotBefore())) {
            LOG.warn("the broker's TLS certificate in {} ({}) is not valid now: valid from {} to {}; "
                    + "clients will refuse it", file, c.getSubjectX500Principal().getName(),
                    c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
        }
    }

    private static EngineException invalid(String what, Path file, String problem) {
        return new EngineException(ErrorCode.CONFIG_INVALID,
                "TLS " + what + " " + file.toAbsolutePath().normalize() + ": " + problem);
    }
}

package dev.telematics.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small certificate authority for tests, made with the JDK's {@code keytool} in a folder: a CA, the
 * broker's certificate (for 127.0.0.1) and client certificates, each in its own PKCS12 key store, and a
 * trust store with the CA certificate (for the broker and for the clients). EC keys, valid for two days.
 */
public final class TestPki {
    private final Path dir;
    private final String password;

    /**
     * Creates the CA, its trust store ({@link #trustStore()}) and the broker's key store
     * ({@link #serverKeyStore()}), all with {@code password}.
     */
    public TestPki(Path dir, String password) {
        this.dir = dir;
        this.password = password;
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Telematics Test CA",
                "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12", "-keystore", file("ca.p12"), "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", file("ca.p12"), "-storepass", password,
                "-file", file("ca.pem"));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", file("ca.pem"), "-storetype", "PKCS12",
                "-keystore", file("truststore.p12"), "-storepass", password);
        signed("server", "CN=127.0.0.1", "san=ip:127.0.0.1");
    }

    /** The broker's key store (PKCS12): its key and the certificate for 127.0.0.1 signed by the CA. */
    public Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    /** PKCS12 trust store holding the CA certificate. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    public String password() {
        return password;
    }

    /** A client key store (PKCS12) whose certificate, signed by the CA, has the subject {@code CN=cn}. */
    public Path client(String cn) {
        String name = "client-" + cn.replaceAll("[^A-Za-z0-9]", "_");
        Path store = dir.resolve(name + ".p12");
        if (!Files.exists(store)) {
            signed(name, "CN=" + cn, null);
        }
        return store;
    }

    /** The broker's key store copied to a JKS store whose private key has a password of its own. */
    public Path serverKeyStoreAsJks(String keyPassword) {
        Path jks = dir.resolve("server.jks");
        if (!Files.exists(jks)) {
            keytool("-importkeystore", "-srckeystore", file("server.p12"), "-srcstoretype", "PKCS12",
                    "-srcstorepass", password, "-srcalias", "key", "-destkeystore", jks.toString(),
                    "-deststoretype", "JKS", "-deststorepass", password, "-destkeypass", keyPassword);
        }
        return jks;
    }

    /** A TLS socket factory trusting the CA, presenting the certificate of {@code clientStore} (null: none). */
    public SSLSocketFactory socketFactory(Path clientStore) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(trustStore()));
            KeyManagerFactory kmf = null;
            if (clientStore != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(clientStore), password.toCharArray());
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyStore load(Path store) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key pair in {@code name}.p12 with a certificate signed by the CA (chain imported). */
    private void signed(String name, String dname, String san) {
        String store = file(name + ".p12");
        keytool("-genkeypair", "-alias", "key", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store, "-storepass", password);
        keytool("-certreq", "-alias", "key", "-keystore", store, "-storepass", password, "-file", file(name + ".csr"));
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", file("ca.p12"),
                "-storepass", password, "-infile", file(name + ".csr"), "-outfile", file(name + ".pem"), "-validity", "2"));
        if (san != null) {
            gencert.addAll(List.of("-ext", san));
        }
        keytool(gencert.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", file("ca.pem"), "-keystore", store,
                "-storepass", password);
        keytool("-importcert", "-alias", "key", "-file", file(name + ".pem"), "-keystore", store, "-storepass", password);
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private static void keytool(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

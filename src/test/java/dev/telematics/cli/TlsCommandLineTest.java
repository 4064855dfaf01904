package dev.telematics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.testing.Cli;
import dev.telematics.testing.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}'s TLS options as a user types them: clear errors, never a password in the output. */
class TlsCommandLineTest {
    private static final String PASSWORD = "s3cret-Pa55";
    private final Cli cli = new Cli();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void keyStoreThatIsNoKeyStore_failsTheStartWithConfigInvalidNamingTheFile_withoutShowingThePassword(
            @TempDir Path dir) throws IOException {
        Path notAStore = Files.writeString(dir.resolve("broker.p12"), "not a key store");
        int code = run("run", "--mqtt-port", String.valueOf(Ports.free()), "--http-port", "0",
                "--data-dir", dir.resolve("data").toString(), "--tls-keystore", notAStore.toString(),
                "--tls-keystore-password", PASSWORD, "--tls-port", String.valueOf(Ports.free()));
        assertEquals(Main.EXIT_FAILURE, code);
        String msg = cli.err();
        assertTrue(msg.contains("CONFIG_INVALID") && msg.contains(notAStore.toString()), msg);
        assertFalse((msg + cli.out()).contains(PASSWORD), msg);
    }

    @Test
    void tlsOptionsWithoutAKeyStore_orAKeyStoreWithoutPassword_areRefusedBeforeAnythingStarts(@TempDir Path dir) {
        String data = dir.resolve("data").toString();
        assertEquals(Main.EXIT_FAILURE, run("run", "--data-dir", data, "--tls-port", "8883"));
        assertTrue(cli.err().contains("--tls-keystore"), cli.err());
        if (System.getenv(TlsOptions.KEYSTORE_PASSWORD_ENV) == null) {
            assertEquals(Main.EXIT_FAILURE, run("run", "--data-dir", data, "--tls-keystore", "broker.p12"));
            assertTrue(cli.err().contains(TlsOptions.KEYSTORE_PASSWORD_ENV), cli.err());
        }
        assertEquals(Main.EXIT_FAILURE, run("run", "--data-dir", data, "--tls-keystore", "broker.p12",
                "--tls-keystore-password", PASSWORD, "--tls-client-auth", "required"));
        assertTrue(cli.err().contains("trust store"), cli.err());
        assertFalse(cli.err().contains(PASSWORD), cli.err());
    }
}

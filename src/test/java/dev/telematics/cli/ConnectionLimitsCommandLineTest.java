package dev.telematics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.engine.EngineConfig;
import dev.telematics.testing.Cli;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run --max-connections-per-owner N --connect-timeout D}: read into the engine's settings, bad values refused. */
class ConnectionLimitsCommandLineTest {
    private final Cli cli = new Cli();

    private static EngineConfig.Mqtt parsed(String... args) {
        RunCommand run = CommandLine.populateCommand(new RunCommand(), args);
        return run.engine.toConfig(1883, 0).mqtt();
    }

    @Test
    void defaults_areThreeDevicesPerOwnerApp_andAThreeSecondConnectTimeout() {
        EngineConfig.Mqtt m = parsed();
        assertEquals(3, m.maxConnectionsPerOwnerApp());
        assertEquals(Duration.ofSeconds(3), m.connectTimeout());
    }

    @Test
    void givenValues_reachTheEngineConfig() {
        EngineConfig.Mqtt m = parsed("--max-connections", "50", "--max-connections-per-owner", "5",
                "--connect-timeout", "1500ms");
        assertEquals(50, m.maxConnections());
        assertEquals(5, m.maxConnectionsPerOwnerApp());
        assertEquals(Duration.ofMillis(1500), m.connectTimeout());
    }

    @Test
    void negativeDeviceLimit_zeroOrUnreadableTimeout_areRefusedBeforeAnythingStarts(@TempDir Path dir) {
        String data = dir.resolve("data").toString();
        assertEquals(Main.EXIT_FAILURE, cli.run("run", "--data-dir", data, "--max-connections-per-owner", "-1"));
        assertTrue(cli.err().contains("max connections per owner app must be >= 0"), cli.err());
        assertEquals(Main.EXIT_FAILURE, cli.run("run", "--data-dir", data, "--connect-timeout", "0s"));
        assertTrue(cli.err().contains("CONNECT timeout"), cli.err());
        assertEquals(Main.EXIT_FAILURE, cli.run("run", "--data-dir", data, "--connect-timeout", "soon"));
        assertTrue(cli.err().contains("500ms"), "says what a duration looks like: " + cli.err());
    }
}

package dev.telematics.cli;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.testing.Cli;
import dev.telematics.testing.Ports;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run --kafka: refused with a clear error where it cannot work (no Kafka needed: it stops before connecting). */
class ClusterCommandLineTest {
    @TempDir
    Path dir;

    @Test
    void clusterModeOnTheEmbeddedH2Database_isRefusedAtStart() {
        Cli cli = new Cli();
        int code = cli.run("run", "--insecure", "--kafka", "127.0.0.1:" + Ports.free(), "--node-id", "a",
                "--data-dir", dir.toString(), "--mqtt-port", Integer.toString(Ports.free()),
                "--http-port", Integer.toString(Ports.free()));
        assertNotEquals(0, code);
        assertTrue(cli.err().contains("CONFIG_INVALID") && cli.err().contains("PostgreSQL"), cli.err());
    }

    @Test
    void nodeIdWithoutKafka_andABadNodeIdOrRole_areRefused() {
        Cli cli = new Cli();
        assertNotEquals(0, cli.run("run", "--insecure", "--node-id", "a", "--data-dir", dir.toString()));
        assertTrue(cli.err().contains("--node-id is only for cluster mode"), cli.err());
        assertNotEquals(0, cli.run("run", "--insecure", "--kafka", "127.0.0.1:9", "--node-id", "Bad_Id",
                "--data-dir", dir.toString()));
        assertTrue(cli.err().contains("--node-id must be"), cli.err());
        assertNotEquals(0, cli.run("run", "--insecure", "--kafka", "127.0.0.1:9", "--node-id", "a", "--roles",
                "processing", "--data-dir", dir.toString()));
        assertTrue(cli.err().contains("every node runs edge and delivery"), cli.err());
    }

    @Test
    void benchCluster_refusesSettingsThatCannotWork() {
        Cli cli = new Cli();
        assertNotEquals(0, cli.run("bench-cluster", "--kafka", "127.0.0.1:9", "--jdbc-url", "jdbc:postgresql://x/y",
                "--nodes", "3", "--partitions", "2"));
        assertTrue(cli.err().contains("INVALID_PARAMETER") && cli.err().contains("--partitions >= --nodes"), cli.err());
        assertNotEquals(0, cli.run("bench-cluster", "--nodes", "2"));
        assertTrue(cli.err().contains("--kafka"), "Kafka is required: " + cli.err());
    }
}

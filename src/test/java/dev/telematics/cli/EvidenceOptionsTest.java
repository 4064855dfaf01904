package dev.telematics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.cases.Evidence;
import dev.telematics.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run --evidence-dtcs/--evidence-signals/--evidence-points}: the engine's evidence limits. */
class EvidenceOptionsTest {
    @Test
    void runOptions_setTheEnginesEvidenceLimits_andDefaultToTheNamedDefaults() {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs("--evidence-dtcs", "7", "--evidence-signals", "3", "--evidence-points", "9");
        assertEquals(new Evidence.Limits(7, 3, 9), run.engine.toConfig(1883, 0).evidence());
        RunCommand plain = new RunCommand();
        new CommandLine(plain).parseArgs();
        assertEquals(Evidence.Limits.DEFAULTS, plain.engine.toConfig(1883, 0).evidence());
    }

    @Test
    void evidenceLimitOutOfRange_failsRunWithAClearMessage(@TempDir Path dir) {
        Cli cli = new Cli();
        int code = cli.run("run", "--evidence-dtcs", "-1", "--data-dir", dir.resolve("data").toString());
        assertEquals(Main.EXIT_FAILURE, code);
        assertTrue(cli.err().contains("evidence DTCs must be 0-10000, got -1"), cli.err());
    }
}

package dev.telematics.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code promtool} (package prometheus) for the metrics and alert-rule tests: found on the PATH; without
 * it a test is skipped, or fails when TELEMATICS_REQUIRE_PROMTOOL=1 ({@code ./scripts/run-tests.sh} sets it and
 * installs the package).
 */
public final class Promtool {
    private Promtool() {
    }

    /** The promtool executable; aborts (skips) the test without one, fails it when it is required. */
    public static String path() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, "promtool");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        if ("1".equals(System.getenv("TELEMATICS_REQUIRE_PROMTOOL"))) {
            fail("TELEMATICS_REQUIRE_PROMTOOL=1 but promtool (Debian package prometheus) is missing");
        }
        Assumptions.abort("no promtool: run ./scripts/run-tests.sh, which installs Debian's prometheus package");
        return null;
    }

    /** What {@code promtool check metrics} says of a Prometheus text exposition, with its exit code. */
    public record Check(int exitCode, String complaints) {
    }

    public static Check checkMetrics(String exposition) throws Exception {
        Process p = new ProcessBuilder(path(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String complaints = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool finished");
        return new Check(p.exitValue(), complaints.strip());
    }
}

package dev.telematics.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.cli.Main;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The engine as a user runs it ({@code run --data-dir DIR}), in a JVM of its own, for tests that kill it
 * with SIGKILL: no shutdown hook runs, nothing is drained or flushed. Its output goes to
 * {@code engine-<http port>.log} in the test's folder.
 */
public final class EngineProcess {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private EngineProcess() {
    }

    /**
     * Starts {@code run} on the given ports and data folder with {@code options} (e.g. {@code --insecure})
     * and waits until {@code /health} answers 200.
     */
    public static Process start(Path logDir, Path data, int mqtt, int http, String... options) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("--mqtt-port", String.valueOf(mqtt), "--http-port", String.valueOf(http),
                "--data-dir", data.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(logDir.resolve("engine-" + http + ".log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> p.isAlive() && get(http, "/health").statusCode() == 200);
        return p;
    }

    /** A GET on the engine's HTTP port, without a token. */
    public static HttpResponse<String> get(int http, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL, and proof that it was one (exit status 137). */
    public static void kill(Process engine) throws InterruptedException {
        engine.destroyForcibly();
        assertTrue(engine.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, engine.exitValue(), "killed by SIGKILL");
    }
}

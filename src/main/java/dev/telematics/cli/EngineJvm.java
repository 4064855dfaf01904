package dev.telematics.cli;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An engine in a JVM of its own beside the benchmark's ({@code run --insecure --max-rate 0} plus the caller's
 * options): started, awaited until healthy, asked over HTTP, stopped. Used by {@code bench} and {@code bench-cluster}.
 */
final class EngineJvm implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    final Process process;
    final int mqttPort;
    final int httpPort;
    final Path log;

    private EngineJvm(Process process, int mqttPort, int httpPort, Path log) {
        this.process = process;
        this.mqttPort = mqttPort;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** Starts {@code run} with the JVM options and run options given; does not wait (see {@link #awaitHealthy}). */
    static EngineJvm start(List<String> jvmOptions, int mqttPort, int httpPort, Path data, Path log, List<String> runOptions)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of(
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                "--mqtt-port", String.valueOf(mqttPort), "--http-port", String.valueOf(httpPort),
                "--data-dir", data.toString(), "--insecure", "--max-rate", "0")); // the hot path, not authentication or limits
        cmd.addAll(runOptions);
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile()).start();
        return new EngineJvm(p, mqttPort, httpPort, log);
    }

    void awaitHealthy(Duration within) throws Exception {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new EngineException(ErrorCode.SERVICE_UNAVAILABLE, "the engine JVM exited with "
                        + process.exitValue() + "; see " + log);
            }
            try {
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            LockSupport.parkNanos(100_000_000);
        }
        throw new EngineException(ErrorCode.SERVICE_UNAVAILABLE, "the engine did not become healthy within " + within
                + "; see " + log);
    }

    HttpResponse<String> get(String path) throws Exception {
        return get(httpPort, path);
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void post(int port, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new EngineException(ErrorCode.SERVICE_UNAVAILABLE, "POST " + path + " answered " + r.statusCode());
        }
    }

    /** SIGTERM (the engine drains and stops), SIGKILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

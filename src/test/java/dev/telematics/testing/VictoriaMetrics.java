package dev.telematics.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real VictoriaMetrics server (Debian's victoria-metrics package, installed by run-tests.sh) on a free
 * loopback port with its own data folder and a 100-year retention (its default of one month would drop
 * older timestamps silently). It takes the InfluxDB v2 write API (POST /api/v2/write) and gives points
 * back through its export API. Start, stop and start again on the same port and folder.
 */
public final class VictoriaMetrics implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/victoria-metrics");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Path dir;
    private final int port;
    private Process process;

    private VictoriaMetrics(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Skips the test without the binary (fails it when TELEMATICS_REQUIRE_VICTORIA=1). */
    public static void assumeInstalled() {
        if (!Files.isExecutable(BINARY)) {
            if ("1".equals(System.getenv("TELEMATICS_REQUIRE_VICTORIA"))) {
                fail("TELEMATICS_REQUIRE_VICTORIA=1 but " + BINARY + " is missing");
            }
            Assumptions.abort("no victoria-metrics: run ./scripts/run-tests.sh, which installs it");
        }
    }

    public static VictoriaMetrics start(Path dir) throws IOException {
        assumeInstalled();
        VictoriaMetrics vm = new VictoriaMetrics(dir, Ports.free());
        vm.start();
        return vm;
    }

    /** Starts the server (again), and waits until it answers /health. */
    public synchronized void start() throws IOException {
        Files.createDirectories(dir);
        process = new ProcessBuilder(BINARY.toString(), "-storageDataPath", dir.resolve("data").toString(),
                "-retentionPeriod", "100y", "-httpListenAddr", "127.0.0.1:" + port, "-search.latencyOffset", "0s",
                "-loggerLevel", "WARN").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("victoria-metrics.log").toFile())).start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get("/health").equals("OK"));
    }

    /** Stops the server (SIGTERM: it flushes what it has). */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Every point of the series matching {@code selector} (e.g. {@code {__name__="telemetry_Vehicle.Speed"}}),
     * as series name + labels -> timestamp (ms) -> value. Flushes the server's in-memory buffers first.
     */
    public Map<String, TreeMap<Long, Double>> export(String selector) throws Exception {
        get("/internal/force_flush");
        String body = post("/api/v1/export", "match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
        Map<String, TreeMap<Long, Double>> out = new TreeMap<>();
        for (String line : body.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            String key = n.get("metric").toString();
            TreeMap<Long, Double> points = out.computeIfAbsent(key, k -> new TreeMap<>());
            JsonNode ts = n.get("timestamps");
            JsonNode values = n.get("values");
            for (int i = 0; i < ts.size(); i++) {
                points.put(ts.get(i).asLong(), values.get(i).asDouble());
            }
        }
        return out;
    }

    /** How many points the series matching {@code selector} hold in all. */
    public long count(String selector) throws Exception {
        long n = 0;
        for (TreeMap<Long, Double> p : export(selector).values()) {
            n += p.size();
        }
        return n;
    }

    private String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body().trim();
    }

    private String post(String path, String form) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("export failed: HTTP " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}

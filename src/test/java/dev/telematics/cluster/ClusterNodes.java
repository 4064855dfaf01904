package dev.telematics.cluster;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.testing.EngineProcess;
import dev.telematics.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;

/**
 * Engine nodes of one cluster for the tests, each its own JVM ({@code run --kafka ... --node-id ...}, security off)
 * on one Kafka and one PostgreSQL schema, with their topics under a prefix of their own.
 */
final class ClusterNodes implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    final String bootstrap;
    final String jdbcUrl;
    final String prefix;
    final int partitions;
    private final Path dir;
    private final List<Node> nodes = new ArrayList<>();

    /** One running node: its process and ports. */
    record Node(String id, Process process, int mqtt, int http) {
    }

    ClusterNodes(String bootstrap, String jdbcUrl, String prefix, int partitions, Path dir) {
        this.bootstrap = bootstrap;
        this.jdbcUrl = jdbcUrl;
        this.prefix = prefix;
        this.partitions = partitions;
        this.dir = dir;
    }

    /** Starts a node and waits until /health answers 200. */
    Node start(String id, String... extra) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data-" + id));
        int mqtt = Ports.free();
        int http = Ports.free();
        List<String> options = new ArrayList<>(List.of("--insecure", "--kafka", bootstrap, "--node-id", id,
                "--jdbc-url", jdbcUrl, "--kafka-topic-prefix", prefix, "--kafka-partitions", Integer.toString(partitions),
                "--session-timeout", "6s"));
        options.addAll(List.of(extra));
        if (!options.contains("--checkpoint-interval")) {
            options.addAll(List.of("--checkpoint-interval", "2s"));
        }
        Process p = EngineProcess.start(dir, data, mqtt, http, options.toArray(String[]::new));
        Node n = new Node(id, p, mqtt, http);
        nodes.add(n);
        return n;
    }

    /** Waits until the running nodes own every partition between them, each at least one. */
    void awaitBalanced(Node... running) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            Set<Integer> all = new HashSet<>();
            for (Node n : running) {
                List<Integer> owned = partitionsOf(n);
                if (owned.isEmpty()) {
                    return false;
                }
                all.addAll(owned);
            }
            return all.size() == partitions;
        });
    }

    List<Integer> partitionsOf(Node n) throws Exception {
        List<Integer> out = new ArrayList<>();
        stats(n).path("cluster").path("processing").path("partitions").forEach(p -> out.add(p.asInt()));
        return out;
    }

    JsonNode stats(Node n) throws Exception {
        return get(n, "/api/stats");
    }

    JsonNode get(Node n, String path) throws Exception {
        HttpResponse<String> r = EngineProcess.get(n.http(), path);
        return JSON.readTree(r.body());
    }

    int status(Node n, String path) throws Exception {
        return EngineProcess.get(n.http(), path).statusCode();
    }

    JsonNode post(Node n, String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.http() + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** The cases of a VIN, as the shared database has them. */
    JsonNode casesOf(Node n, String vin) throws Exception {
        return get(n, "/api/cases?vin=" + vin).path("cases");
    }

    /** The inbound partition of a VIN: Kafka's default partitioner for a String key. */
    int partitionOf(String vin) {
        return Utils.toPositive(Utils.murmur2(vin.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** A test VIN (17 characters, no I, O or Q) whose partition is one of {@code owned}; {@code skip} earlier ones. */
    String vinIn(List<Integer> owned, String stem, int skip) {
        int found = 0;
        for (int i = 0; i < 100_000; i++) {
            String vin = stem + String.format("%0" + (17 - stem.length()) + "d", i);
            if (owned.contains(partitionOf(vin)) && found++ == skip) {
                return vin;
            }
        }
        throw new IllegalStateException("no VIN found for partitions " + owned);
    }

    static String dtc(long ts, String code) {
        return "{\"ts\":" + ts + ",\"ecu\":\"BMS\",\"format\":\"j2012\",\"dtcs\":[\"" + code + "\"]}";
    }

    @Override
    public void close() {
        for (Node n : nodes) {
            if (n.process().isAlive()) {
                n.process().destroy();
            }
        }
        for (Node n : nodes) {
            try {
                n.process().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

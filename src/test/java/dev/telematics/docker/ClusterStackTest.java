package dev.telematics.docker;

import static dev.telematics.docker.DockerStackTest.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telematics.cli.Main;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The cluster stack, docker/docker-compose.cluster.yml, checked without a Docker engine (as DockerStackTest
 * checks the single-node stack): Kafka in KRaft mode, three engine nodes with distinct node ids on that Kafka
 * and on PostgreSQL, HAProxy balancing MQTT and HTTP over all three (its haproxy.cfg accepted by
 * {@code haproxy -c} where Debian's haproxy is installed; required with TELEMATICS_REQUIRE_HAPROXY=1),
 * Prometheus scraping each node and loading the alerting rules, and the services shared with the single-node
 * stack unchanged. The file uses YAML anchors and merge keys ({@code <<}), so SnakeYAML reads it.
 */
class ClusterStackTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path DOCKER = ROOT.resolve("docker");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NODES = Set.of("engine-a", "engine-b", "engine-c");
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    @Test
    void kafka_isASingleKraftNodeOfApacheKafka4_withoutTopicAutoCreation_andAHealthcheck() throws IOException {
        JsonNode kafka = services().path("kafka");
        assertTrue(kafka.path("image").asText().startsWith("apache/kafka:4."), kafka.path("image").asText());
        JsonNode env = kafka.path("environment");
        assertEquals("broker,controller", env.path("KAFKA_PROCESS_ROLES").asText());
        assertEquals("false", env.path("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText());
        assertEquals("1@kafka:9093", env.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText());
        assertEquals("1", env.path("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR").asText(), "one broker, one replica");
        assertTrue(env.path("KAFKA_LISTENERS").asText().contains("CONTROLLER://:9093"));
        assertEquals("/var/lib/kafka/data", env.path("KAFKA_LOG_DIRS").asText());
        assertTrue(namedVolumes(kafka).containsValue("/var/lib/kafka/data"), "the log survives a restart");
        assertTrue(String.join(" ", strings(kafka.path("healthcheck").path("test"))).contains("--bootstrap-server"));
        assertTrue(kafka.path("ports").isEmpty(), "Kafka is for the nodes only");
    }

    @Test
    void threeEngineNodes_haveDistinctNodeIds_andKafkasAdvertisedAddress_andPostgres() throws IOException {
        JsonNode services = services();
        Set<String> engines = new TreeSet<>();
        services.fieldNames().forEachRemaining(s -> {
            if (services.path(s).has("build")) {
                engines.add(s);
            }
        });
        assertEquals(NODES, engines, "the services built from docker/Dockerfile");
        String kafka = services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText()
                .replace("PLAINTEXT://", "");
        Set<String> ids = new TreeSet<>();
        for (String node : NODES) {
            JsonNode s = services.path(node);
            JsonNode env = s.path("environment");
            ids.add(env.path("TELEMATICS_NODE_ID").asText());
            assertEquals(kafka, env.path("TELEMATICS_KAFKA").asText(), node + " uses Kafka's advertised listener");
            assertTrue(env.path("TELEMATICS_JDBC_URL").asText().startsWith("jdbc:postgresql://postgres:"), node);
            for (String dep : List.of("kafka", "postgres", "influxdb")) {
                assertEquals("service_healthy", s.path("depends_on").path(dep).path("condition").asText(), node + " -> " + dep);
            }
            assertEquals("..", s.path("build").path("context").asText(), node);
            assertEquals("docker/Dockerfile", s.path("build").path("dockerfile").asText(), node);
            for (JsonNode p : s.path("ports")) {
                assertTrue(p.asText().startsWith("127.0.0.1:") && p.asText().endsWith(":" + httpPort()),
                        node + " publishes only its own HTTP port, on this host: " + p.asText());
            }
        }
        assertEquals(new TreeSet<>(List.of("a", "b", "c")), ids, "each node its own id");
    }

    @Test
    void engineNodes_haveTheSingleEnginesEnvironment_plusKafkaAndNodeId_andShareOneApiKey() throws IOException {
        JsonNode single = load("docker-compose.yml").path("services").path("engine").path("environment");
        JsonNode services = services();
        Map<String, String> dataVolumes = new TreeMap<>();
        Set<String> keyVolumes = new TreeSet<>();
        for (String node : NODES) {
            ObjectNode env = services.path(node).path("environment").deepCopy();
            env.remove(List.of("TELEMATICS_KAFKA", "TELEMATICS_NODE_ID", "TELEMATICS_API_KEY_FILE"));
            ObjectNode expected = single.deepCopy();
            expected.remove("TELEMATICS_API_KEY_FILE");
            assertEquals(expected, env, node + ": settings as in the single-node stack");
            String keyFile = services.path(node).path("environment").path("TELEMATICS_API_KEY_FILE").asText();
            String keyDir = Path.of(keyFile).getParent().toString();
            Map<String, String> volumes = namedVolumes(services.path(node));
            dataVolumes.put(node, volumes.entrySet().stream().filter(e -> e.getValue().equals("/data"))
                    .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError(node + ": no /data")));
            keyVolumes.add(volumes.entrySet().stream().filter(e -> e.getValue().equals(keyDir)).map(Map.Entry::getKey)
                    .findFirst().orElseThrow(() -> new AssertionError(node + ": " + keyDir + " is not a volume")));
        }
        assertEquals(3, new TreeSet<>(dataVolumes.values()).size(), "each node its own data folder: " + dataVolumes);
        assertEquals(1, keyVolumes.size(), "one key folder for all nodes: " + keyVolumes);
        // the key folder belongs to the engine's user before any node starts (a new volume belongs to root)
        JsonNode init = services.path("api-key-folder");
        assertTrue(namedVolumes(init).containsKey(keyVolumes.iterator().next()));
        String uid = dockerfileUid();
        assertTrue(String.join(" ", strings(init.path("command"))).contains("chown " + uid + ":"), "chown to uid " + uid);
        for (String node : NODES) {
            assertEquals("service_completed_successfully",
                    services.path(node).path("depends_on").path("api-key-folder").path("condition").asText(), node);
        }
    }

    @Test
    void runReadsKafkaAndNodeIdFromTheEnvironment() throws IOException {
        CommandSpec run = Main.commandLine().setInterpolateVariables(false).getSubcommands().get("run").getCommandSpec();
        String entrypoint = Files.readString(DOCKER.resolve("Dockerfile"));
        for (String[] o : new String[][] {{"--kafka", "TELEMATICS_KAFKA"}, {"--node-id", "TELEMATICS_NODE_ID"}}) {
            OptionSpec option = run.findOption(o[0]);
            assertNotNull(option, o[0]);
            boolean fromEnv = String.valueOf(option.defaultValue()).contains("${env:" + o[1] + "}");
            assertTrue(fromEnv || entrypoint.contains(o[1]) || anyScriptIn(DOCKER, o[1]), o[0] + " is not read from "
                    + o[1] + ", which the cluster stack sets (neither run's default nor the image's entry point)");
        }
    }

    @Test
    void haproxy_publishesMqttAndHttp_andBalancesBothOverAllThreeNodes() throws IOException {
        JsonNode haproxy = services().path("haproxy");
        assertTrue(haproxy.path("image").asText().startsWith("haproxy:"), haproxy.path("image").asText());
        assertEquals(DOCKER.resolve("haproxy.cfg"), bindMounts(haproxy).get("/usr/local/etc/haproxy/haproxy.cfg"));
        Set<String> published = new TreeSet<>();
        haproxy.path("ports").forEach(p -> published.add(p.asText()));
        assertTrue(published.containsAll(List.of("1883:1883", "8080:8080")), published.toString());
        Map<String, Section> cfg = haproxyConfig();
        String mqttPort = Main.commandLine().getSubcommands().get("run").getCommandSpec().findOption("--mqtt-port")
                .defaultValue();
        for (String[] f : new String[][] {{"1883", mqttPort, "tcp"}, {"8080", httpPort(), "http"}}) {
            Section frontend = cfg.values().stream().filter(s -> s.kind().equals("frontend")
                    && s.lines().contains("bind :" + f[0])).findFirst()
                    .orElseThrow(() -> new AssertionError("no frontend binds :" + f[0]));
            assertTrue(frontend.lines().contains("mode " + f[2]), frontend.toString());
            String backendName = frontend.value("default_backend");
            Section backend = cfg.get("backend " + backendName);
            assertNotNull(backend, backendName);
            assertTrue(backend.lines().contains("mode " + f[2]), backend.toString());
            Set<String> servers = new TreeSet<>();
            for (String l : backend.lines()) {
                if (l.startsWith("server ")) {
                    servers.add(l.split("\\s+")[2]);
                }
            }
            Set<String> expected = new TreeSet<>();
            NODES.forEach(n -> expected.add(n + ":" + f[1]));
            assertEquals(expected, servers, backendName + " balances over every node");
            assertTrue(backend.lines().stream().anyMatch(l -> l.contains("uri /health")), backendName + " checks /health");
        }
        assertTrue(cfg.get("defaults").lines().stream().anyMatch(l -> l.contains("init-addr") && l.contains("none")),
                "HAProxy starts while a node is still down");
    }

    @Test
    void haproxyCfg_isAcceptedByHaproxyCheck() throws Exception {
        String haproxy = executable("haproxy", "/usr/sbin");
        if (haproxy == null) {
            if ("1".equals(System.getenv("TELEMATICS_REQUIRE_HAPROXY"))) {
                fail("TELEMATICS_REQUIRE_HAPROXY=1 but haproxy (Debian package haproxy) is missing");
            }
            Assumptions.abort("no haproxy: apt-get install haproxy (Debian's) to check docker/haproxy.cfg");
        }
        Process p = new ProcessBuilder(haproxy, "-c", "-f", DOCKER.resolve("haproxy.cfg").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "haproxy -c finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Configuration file is valid"), out);
        for (String line : out.split("\n")) {
            // outside Docker the nodes' names do not resolve: the only warning allowed
            if (line.contains("[WARNING]") || line.contains("[ALERT]")) {
                assertTrue(line.matches(".*could not resolve address 'engine-[abc]'.*"), "haproxy -c: " + line);
            }
        }
    }

    @Test
    void prometheus_scrapesEachNode_andLoadsTheAlertingRules() throws IOException {
        JsonNode prometheus = services().path("prometheus");
        Map<String, Path> mounts = bindMounts(prometheus);
        Path config = mounts.get("/etc/prometheus/prometheus.yml");
        assertEquals(DOCKER.resolve("prometheus/prometheus-cluster.yml"), config);
        JsonNode cfg = JSON.valueToTree(yaml(config));
        JsonNode job = null;
        for (JsonNode j : cfg.path("scrape_configs")) {
            if ("telematics-engine".equals(j.path("job_name").asText())) {
                job = j;
            }
        }
        assertNotNull(job, "job telematics-engine (the rules select it)");
        Set<String> targets = new TreeSet<>();
        job.path("static_configs").forEach(s -> s.path("targets").forEach(t -> targets.add(t.asText())));
        Set<String> expected = new TreeSet<>();
        NODES.forEach(n -> expected.add(n + ":" + httpPort()));
        assertEquals(expected, targets, "each node's own /metrics");
        assertEquals(1, cfg.path("rule_files").size());
        for (JsonNode r : cfg.path("rule_files")) {
            Path inContainer = Path.of("/etc/prometheus").resolve(r.asText());
            assertEquals(DOCKER.resolve("prometheus/telematics-cluster-rules.yml"), mounts.get(inContainer.toString()),
                    "rule file " + r.asText() + " is mounted next to the config");
        }
        // the single-node stack loads the same rules
        JsonNode single = load("docker-compose.yml").path("services").path("prometheus");
        assertEquals(DOCKER.resolve("prometheus/telematics-cluster-rules.yml"),
                bindMounts(single).get("/etc/prometheus/telematics-cluster-rules.yml"));
    }

    @Test
    void postgresInfluxdbGrafanaAndPrometheus_areTheSingleNodeStacks() throws IOException {
        JsonNode single = load("docker-compose.yml").path("services");
        JsonNode cluster = services();
        for (String s : List.of("postgres", "influxdb", "grafana")) {
            assertEquals(single.path(s), cluster.path(s), s + " differs from docker-compose.yml's");
        }
        ObjectNode prometheus = cluster.path("prometheus").deepCopy();
        ObjectNode expected = single.path("prometheus").deepCopy();
        prometheus.remove("volumes");
        expected.remove("volumes");
        assertEquals(expected, prometheus, "prometheus differs from docker-compose.yml's in more than its config");
    }

    @Test
    void everyVolumeAndMountExists_everyDependencyIsAService_andEveryVariableIsInEnvExample() throws IOException {
        JsonNode compose = load("docker-compose.cluster.yml");
        JsonNode services = compose.path("services");
        Set<String> declared = new TreeSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declared::add);
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            for (Path host : bindMounts(s.getValue()).values()) {
                assertTrue(Files.exists(host), s.getKey() + ": " + host + " missing");
            }
            for (String v : namedVolumes(s.getValue()).keySet()) {
                assertTrue(declared.contains(v), s.getKey() + ": volume " + v + " not declared");
            }
            JsonNode deps = s.getValue().path("depends_on");
            Iterable<String> names = deps.isArray() ? strings(deps) : deps::fieldNames;
            for (String dep : names) {
                assertTrue(services.has(dep), s.getKey() + " depends on unknown " + dep);
                String condition = deps.path(dep).path("condition").asText();
                if (condition.equals("service_healthy")) {
                    assertTrue(services.path(dep).has("healthcheck"), dep + " has no healthcheck");
                } else if (condition.equals("service_completed_successfully")) {
                    assertEquals("no", services.path(dep).path("restart").asText(), dep + " must run once");
                }
            }
        }
        Map<String, List<String>> uses = new LinkedHashMap<>();
        collectVariables(compose, uses);
        Set<String> example = new TreeSet<>();
        for (String line : Files.readAllLines(DOCKER.resolve(".env.example"))) {
            if (!line.isBlank() && !line.trim().startsWith("#") && line.contains("=")) {
                example.add(line.substring(0, line.indexOf('=')).trim());
            }
        }
        assertTrue(example.containsAll(uses.keySet()), "undocumented in .env.example: " + uses.keySet());
        for (String secret : List.of("POSTGRES_PASSWORD", "INFLUX_PASSWORD", "INFLUX_TOKEN", "GRAFANA_ADMIN_PASSWORD")) {
            assertTrue(uses.get(secret).stream().allMatch(m -> m.startsWith(":?")), secret + " must be required");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A section of haproxy.cfg: "global", "defaults", "frontend NAME", ...; its lines trimmed, comments dropped. */
    private record Section(String kind, List<String> lines) {
        String value(String keyword) {
            return lines.stream().filter(l -> l.startsWith(keyword + " ")).map(l -> l.substring(keyword.length()).trim())
                    .findFirst().orElseThrow(() -> new AssertionError("no " + keyword + " in " + this));
        }
    }

    private static Map<String, Section> haproxyConfig() throws IOException {
        Map<String, Section> sections = new LinkedHashMap<>();
        Section current = null;
        for (String raw : Files.readAllLines(DOCKER.resolve("haproxy.cfg"))) {
            String line = raw.replaceAll("\\s#.*$", "").trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(raw.charAt(0))) {
                current = new Section(line.split("\\s+")[0], new ArrayList<>());
                sections.put(line, current);
            } else {
                assertNotNull(current, "a setting outside any section: " + raw);
                current.lines().add(line.replaceAll("\\s+", " "));
            }
        }
        return sections;
    }

    private static JsonNode services() throws IOException {
        return load("docker-compose.cluster.yml").path("services");
    }

    /** A compose file as compose reads it: anchors, aliases and merge keys resolved, duplicate keys refused. */
    private static JsonNode load(String file) throws IOException {
        return JSON.valueToTree(yaml(DOCKER.resolve(file)));
    }

    private static Object yaml(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader r = Files.newBufferedReader(file)) {
            return new Yaml(options).load(r);
        }
    }

    /** Container path -> host path (under docker/) of a service's bind mounts. */
    private static Map<String, Path> bindMounts(JsonNode service) {
        Map<String, Path> m = new LinkedHashMap<>();
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            if (parts[0].startsWith(".")) {
                m.put(parts[1], DOCKER.resolve(parts[0]).normalize());
            }
        }
        return m;
    }

    /** Volume name -> container path of a service's named volumes. */
    private static Map<String, String> namedVolumes(JsonNode service) {
        Map<String, String> m = new LinkedHashMap<>();
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            if (!parts[0].startsWith(".") && !parts[0].startsWith("/")) {
                m.put(parts[0], parts[1]);
            }
        }
        return m;
    }

    private static String httpPort() {
        return Main.commandLine().getSubcommands().get("run").getCommandSpec().findOption("--http-port").defaultValue();
    }

    /** The uid the Dockerfile gives the engine's user (useradd --uid N). */
    private static String dockerfileUid() throws IOException {
        Matcher m = Pattern.compile("useradd [^\\n]*--uid (\\d+)").matcher(Files.readString(DOCKER.resolve("Dockerfile")));
        assertTrue(m.find(), "the Dockerfile makes its user with a fixed uid");
        return m.group(1);
    }

    private static boolean anyScriptIn(Path dir, String text) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".sh")).toList()) {
                if (Files.readString(f).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String executable(String name, String extraDir) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add(extraDir);
        for (String dir : dirs) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    private static void collectVariables(JsonNode node, Map<String, List<String>> into) {
        if (node.isTextual()) {
            Matcher m = COMPOSE_VARIABLE.matcher(node.asText());
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(3);
                if (name != null) {
                    into.computeIfAbsent(name, k -> new ArrayList<>()).add(m.group(1) != null ? m.group(2) : "");
                }
            }
        } else if (node.isContainerNode()) {
            node.forEach(child -> collectVariables(child, into));
        }
    }
}

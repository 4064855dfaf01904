package dev.telematics.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;
import dev.telematics.cli.Main;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The production stack in {@code docker/}, checked without a Docker engine: the compose file, the
 * Dockerfile, the Grafana provisioning and the dashboard parse, reference files that exist, and agree
 * with each other and with the engine's command line (so that a renamed option or a moved file breaks
 * this test, not a deployment). Nothing here builds or starts a container.
 */
class DockerStackTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path DOCKER = ROOT.resolve("docker");
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DOCKERFILE_INSTRUCTIONS = Set.of("FROM", "RUN", "COPY", "WORKDIR", "USER",
            "EXPOSE", "VOLUME", "ENTRYPOINT", "CMD", "HEALTHCHECK", "ENV", "ARG", "LABEL");
    /** A compose variable: ${NAME}, ${NAME:-default}, ${NAME:?error}, or $NAME ($$ is a literal dollar). */
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    // ---------------------------------------------------------------- docker-compose.yml

    @Test
    void compose_definesTheEngineWithPostgresInfluxdbAndGrafana_onThePinnedImages() throws IOException {
        JsonNode services = compose().path("services");
        for (String s : List.of("engine", "influxdb", "postgres", "grafana")) {
            assertTrue(services.has(s), "service " + s + " missing from docker-compose.yml");
        }
        assertEquals("postgres:16", services.path("postgres").path("image").asText());
        assertEquals("influxdb:2.7", services.path("influxdb").path("image").asText());
        assertTrue(services.path("grafana").path("image").asText().startsWith("grafana/grafana-oss:11."),
                services.path("grafana").path("image").asText());
        JsonNode influxEnv = environment(services.path("influxdb"));
        assertEquals("setup", influxEnv.path("DOCKER_INFLUXDB_INIT_MODE").asText());
        assertEquals("telematics", influxEnv.path("DOCKER_INFLUXDB_INIT_ORG").asText());
        assertEquals("telematics", influxEnv.path("DOCKER_INFLUXDB_INIT_BUCKET").asText());
        for (String v : List.of("DOCKER_INFLUXDB_INIT_USERNAME", "DOCKER_INFLUXDB_INIT_PASSWORD",
                "DOCKER_INFLUXDB_INIT_RETENTION", "DOCKER_INFLUXDB_INIT_ADMIN_TOKEN")) {
            assertTrue(influxEnv.hasNonNull(v), v);
        }
        JsonNode pgEnv = environment(services.path("postgres"));
        assertEquals("telematics", pgEnv.path("POSTGRES_DB").asText());
        assertEquals("telematics", pgEnv.path("POSTGRES_USER").asText());
        assertTrue(pgEnv.path("POSTGRES_PASSWORD").asText().contains("${POSTGRES_PASSWORD"),
                "the database password comes from docker/.env");
    }

    @Test
    void compose_publishesMqttHttpGrafanaAndInfluxdbPorts() throws IOException {
        JsonNode services = compose().path("services");
        Set<Integer> published = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            for (JsonNode p : it.next().getValue().path("ports")) {
                String[] parts = p.asText().split(":");
                published.add(Integer.parseInt(parts[parts.length - 2]));
            }
        }
        for (int port : List.of(1883, 8080, 3000, 8086)) {
            assertTrue(published.contains(port), "port " + port + " not published: " + published);
        }
        // the engine's container ports are the ones run listens on (the ENTRYPOINT sets no port; 8883 is TLS)
        Set<String> engineTargets = new TreeSet<>();
        services.path("engine").path("ports").forEach(p -> engineTargets.add(p.asText().replaceAll(".*:", "")));
        Set<String> runPorts = Set.of(runSpec().findOption("--mqtt-port").defaultValue(),
                runSpec().findOption("--http-port").defaultValue());
        assertTrue(engineTargets.containsAll(runPorts), "engine publishes " + engineTargets + ", run listens on "
                + runPorts);
        engineTargets.removeAll(runPorts);
        assertTrue(engineTargets.isEmpty() || engineTargets.equals(Set.of("8883")), "unexpected " + engineTargets);
    }

    @Test
    void compose_everyBindMountedHostPathExists_andEveryNamedVolumeIsDeclared() throws IOException {
        JsonNode compose = compose();
        Set<String> declared = new TreeSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declared::add);
        int binds = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = compose.path("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            for (JsonNode v : service.getValue().path("volumes")) {
                String source;
                boolean bind;
                if (v.isObject()) {
                    source = v.path("source").asText();
                    bind = "bind".equals(v.path("type").asText());
                } else {
                    String[] parts = v.asText().split(":");
                    assertTrue(parts.length >= 2, service.getKey() + ": volume without a target: " + v.asText());
                    source = parts[0];
                    bind = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
                }
                if (bind) {
                    binds++;
                    assertFalse(source.startsWith("/") || source.startsWith("~"), service.getKey()
                            + ": bind mounts must be relative to docker/, not host-specific: " + source);
                    assertTrue(Files.exists(DOCKER.resolve(source).normalize()), service.getKey()
                            + ": bind-mounted " + source + " does not exist relative to docker/");
                } else {
                    assertTrue(declared.contains(source), service.getKey() + ": named volume " + source
                            + " not declared under volumes: " + declared);
                }
            }
        }
        assertTrue(binds >= 3, "the Grafana provisioning and dashboards are bind-mounted");
    }

    @Test
    void compose_buildsTheEngineFromTheRepositoryRootWithDockerDockerfile() throws IOException {
        JsonNode build = compose().path("services").path("engine").path("build");
        Path context = DOCKER.resolve(build.path("context").asText()).normalize();
        assertEquals(ROOT.normalize(), context, "the engine's build context is the repository root");
        Path dockerfile = context.resolve(build.path("dockerfile").asText()).normalize();
        assertTrue(Files.isRegularFile(dockerfile), dockerfile + " missing");
        assertEquals(DOCKER.resolve("Dockerfile"), dockerfile);
        assertTrue(Files.isRegularFile(context.resolve("pom.xml")), "no pom.xml in the build context");
    }

    @Test
    void compose_engineEnvironmentPointsTheEngineAtPostgresAndInfluxdb() throws IOException {
        JsonNode services = compose().path("services");
        JsonNode env = environment(services.path("engine"));
        assertEquals("jdbc:postgresql://postgres:5432/telematics", env.path("TELEMATICS_JDBC_URL").asText());
        assertEquals("telematics", env.path("TELEMATICS_JDBC_USER").asText());
        assertTrue(env.path("TELEMATICS_JDBC_PASSWORD").asText().contains("${POSTGRES_PASSWORD"),
                "the engine uses postgres' password from docker/.env");
        assertEquals("http://influxdb:8086", env.path("TELEMATICS_INFLUX_URL").asText());
        assertTrue(env.path("TELEMATICS_INFLUX_TOKEN").asText().contains("${INFLUX_TOKEN"),
                "the engine's InfluxDB token comes from docker/.env");
        assertEquals("telematics", env.path("TELEMATICS_INFLUX_ORG").asText());
        assertEquals("telematics", env.path("TELEMATICS_INFLUX_BUCKET").asText());
        // the engine's settings must be read by `run` from exactly these variables
        Set<String> readByRun = new TreeSet<>();
        CommandSpec rawRun = Main.commandLine().setInterpolateVariables(false).getSubcommands().get("run")
                .getCommandSpec(); // default values as written: ${env:NAME}
        for (OptionSpec o : rawRun.options()) {
            Matcher m = Pattern.compile("\\$\\{env:([A-Z0-9_]+)(:-[^}]*)?}").matcher(String.valueOf(o.defaultValue()));
            while (m.find()) {
                readByRun.add(m.group(1));
            }
        }
        for (String v : List.of("TELEMATICS_JDBC_URL", "TELEMATICS_JDBC_USER", "TELEMATICS_JDBC_PASSWORD",
                "TELEMATICS_API_KEY_FILE", "TELEMATICS_INFLUX_URL", "TELEMATICS_INFLUX_TOKEN", "TELEMATICS_INFLUX_ORG",
                "TELEMATICS_INFLUX_BUCKET")) {
            assertTrue(readByRun.contains(v), "run reads no ${env:" + v + "} (it reads " + readByRun + ")");
            assertTrue(env.has(v), "the engine service does not set " + v);
        }
    }

    @Test
    void compose_engineWaitsForHealthyPostgresAndInfluxdb_whichHaveHealthchecks() throws IOException {
        JsonNode services = compose().path("services");
        JsonNode dependsOn = services.path("engine").path("depends_on");
        for (String s : List.of("postgres", "influxdb")) {
            assertEquals("service_healthy", dependsOn.path(s).path("condition").asText(), "engine -> " + s);
        }
        assertTrue(String.join(" ", strings(services.path("postgres").path("healthcheck").path("test")))
                .contains("pg_isready"));
        assertTrue(String.join(" ", strings(services.path("influxdb").path("healthcheck").path("test")))
                .contains("influx ping"));
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            JsonNode deps = service.getValue().path("depends_on");
            Iterable<String> names = deps.isArray() ? strings(deps) : () -> deps.fieldNames();
            for (String dep : names) {
                assertTrue(services.has(dep), service.getKey() + " depends on unknown service " + dep);
                if ("service_healthy".equals(deps.path(dep).path("condition").asText())) {
                    assertTrue(services.path(dep).has("healthcheck"), dep + " has no healthcheck to wait for");
                }
            }
        }
    }

    @Test
    void compose_everyVariableItUsesIsDocumentedInEnvExample_andSecretsAreRequired() throws IOException {
        Map<String, List<String>> uses = new LinkedHashMap<>(); // name -> its modifiers (":?msg", ":-default", "")
        collectVariables(compose(), uses);
        assertFalse(uses.isEmpty());
        Map<String, String> example = envExample();
        for (String name : uses.keySet()) {
            assertTrue(example.containsKey(name), "${" + name + "} is used in docker-compose.yml but not documented "
                    + "in docker/.env.example");
        }
        for (String name : example.keySet()) { // COMPOSE_* are compose's own settings (COMPOSE_PROJECT_NAME)
            assertTrue(uses.containsKey(name) || name.startsWith("COMPOSE_"), "docker/.env.example documents " + name
                    + ", which compose never uses");
        }
        for (String secret : List.of("POSTGRES_PASSWORD", "INFLUX_PASSWORD", "INFLUX_TOKEN", "GRAFANA_ADMIN_PASSWORD")) {
            assertTrue(uses.containsKey(secret), secret);
            assertTrue(uses.get(secret).stream().allMatch(m -> m.startsWith(":?")), secret + " must be required (${" + secret
                    + ":?...}): compose then refuses to start without it instead of using an empty secret");
        }
        assertTrue(example.get("INFLUX_PASSWORD").length() >= 8, "InfluxDB's setup needs a password of 8+ characters");
        assertTrue(Files.readString(DOCKER.resolve(".gitignore")).lines().anyMatch(l -> l.trim().equals(".env")),
                "docker/.env (the secrets) must be git-ignored");
    }

    // ---------------------------------------------------------------- Dockerfile

    @Test
    void dockerfile_usesOnlyKnownInstructions() throws IOException {
        List<Instruction> instructions = dockerfile();
        assertFalse(instructions.isEmpty());
        for (Instruction i : instructions) {
            assertTrue(DOCKERFILE_INSTRUCTIONS.contains(i.keyword()), "line " + i.line() + ": unexpected instruction "
                    + i.keyword());
        }
    }

    @Test
    void dockerfile_buildsTheJarWithMavenAndRunsItOnTheJreAsANonRootUser() throws IOException {
        List<Instruction> instructions = dockerfile();
        List<Instruction> froms = of(instructions, "FROM");
        assertEquals(2, froms.size(), "a build stage and a runtime stage");
        assertEquals("maven:3.9-eclipse-temurin-17 AS build", froms.get(0).args());
        assertEquals("eclipse-temurin:17-jre", froms.get(1).args());
        assertTrue(of(instructions, "RUN").stream().anyMatch(r -> r.args().contains("mvn -B -ntp -DskipTests package")));
        List<Instruction> runtime = instructions.subList(instructions.indexOf(froms.get(1)), instructions.size());
        List<Instruction> users = of(runtime, "USER");
        assertFalse(users.isEmpty(), "the runtime stage runs as a non-root user");
        String user = users.get(users.size() - 1).args();
        assertFalse(user.equals("root") || user.equals("0") || user.startsWith("0:"), user);
        assertEquals(List.of("/data"), of(runtime, "VOLUME").stream().map(Instruction::args).toList());
        Set<String> exposed = new TreeSet<>();
        of(runtime, "EXPOSE").forEach(e -> exposed.addAll(List.of(e.args().split("\\s+"))));
        assertEquals(new TreeSet<>(List.of("1883", "8883", "8080")), exposed);
        // the jar the build stage copies is the one the pom's shade plugin makes
        assertTrue(Files.readString(ROOT.resolve("pom.xml")).contains("<finalName>telematics</finalName>"));
        Instruction jarCopy = of(runtime, "COPY").stream().filter(c -> c.args().startsWith("--from=build"))
                .findFirst().orElseThrow(() -> new AssertionError("the jar is not copied from the build stage"));
        List<String> parts = List.of(jarCopy.args().split("\\s+"));
        String workdir = of(instructions.subList(0, instructions.indexOf(froms.get(1))), "WORKDIR").get(0).args();
        assertEquals(workdir + "/target/telematics.jar", parts.get(1));
        assertEquals("/app/telematics.jar", parts.get(2));
    }

    @Test
    void dockerfile_everyCopySourceFromTheContextExists_andIsNotLeftOutByTheDockerignore() throws IOException {
        List<Instruction> copies = of(dockerfile(), "COPY");
        List<String> ignore = Files.readAllLines(DOCKER.resolve("Dockerfile.dockerignore")).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        int fromContext = 0;
        for (Instruction c : copies) {
            List<String> parts = new ArrayList<>(List.of(c.args().split("\\s+")));
            if (parts.stream().anyMatch(p -> p.startsWith("--from="))) {
                continue;
            }
            parts.removeIf(p -> p.startsWith("--"));
            assertTrue(parts.size() >= 2, "line " + c.line() + ": COPY needs a source and a destination");
            for (String source : parts.subList(0, parts.size() - 1)) {
                fromContext++;
                assertTrue(Files.exists(ROOT.resolve(source)), "line " + c.line() + ": COPY source " + source
                        + " does not exist in the repository root (the build context)");
                assertFalse(ignored(ignore, source), "line " + c.line() + ": " + source
                        + " is left out of the context by docker/Dockerfile.dockerignore");
            }
        }
        assertTrue(fromContext >= 4, "pom.xml, src, rules and config come from the context");
        assertTrue(ignored(ignore, "data/api-token.key") && ignored(ignore, "docker/.env")
                && ignored(ignore, "target/classes"), "local data, secrets and build output stay out of the context");
    }

    @Test
    void dockerfile_entrypointRunsTheJarsRunCommand_withOptionsRunKnows() throws IOException {
        List<Instruction> entrypoints = of(dockerfile(), "ENTRYPOINT");
        assertEquals(1, entrypoints.size());
        List<String> argv = execForm(entrypoints.get(0));
        assertEquals("java", argv.get(0));
        int jar = argv.indexOf("-jar");
        assertTrue(jar > 0, "ENTRYPOINT runs java -jar: " + argv);
        assertTrue(argv.subList(1, jar).contains("-XX:+UseParallelGC"), "the Parallel collector on small machines");
        assertEquals("/app/telematics.jar", argv.get(jar + 1));
        List<String> command = new ArrayList<>(argv.subList(jar + 2, argv.size()));
        assertEquals("run", command.get(0));
        assertTrue(Main.commandLine().getSubcommands().containsKey("run"), "the jar has no run command");
        assertKnownOptionsOfRun(command);
        assertEquals(List.of("--mqtt-host", "0.0.0.0", "--http-host", "0.0.0.0", "--data-dir", "/data"),
                command.subList(1, command.size()));
        // compose's command: is appended to the ENTRYPOINT
        JsonNode composeCommand = compose().path("services").path("engine").path("command");
        if (composeCommand.isArray()) {
            command.addAll(strings(composeCommand));
        } else {
            assertTrue(composeCommand.isMissingNode(), "the engine's command: must be a list (exec form)");
        }
        assertKnownOptionsOfRun(command);
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(command.toArray(String[]::new));
        assertEquals("run", parsed.subcommand().commandSpec().name());
    }

    @Test
    void dockerfile_runsFromApp_whereRunsRelativeRulesAndServiceCenterDefaultsResolve() throws IOException {
        List<Instruction> instructions = dockerfile();
        List<Instruction> workdirs = of(instructions, "WORKDIR");
        String workdir = workdirs.get(workdirs.size() - 1).args();
        assertEquals("/app", workdir);
        Map<String, String> copied = new LinkedHashMap<>(); // image path -> context path
        for (Instruction c : of(instructions, "COPY")) {
            String[] parts = c.args().split("\\s+");
            if (!parts[0].startsWith("--")) {
                copied.put(parts[parts.length - 1], parts[0]);
            }
        }
        String rulesDefault = runSpec().findOption("--rules").defaultValue();
        assertEquals("rules", copied.get(Path.of(workdir).resolve(rulesDefault).toString()),
                "the rules folder is copied where run looks for it by default");
        assertTrue(Files.isDirectory(ROOT.resolve(copied.get("/app/rules"))));
        assertEquals("config", copied.get("/app/config"), "config/service-center.yaml is read from the working folder");
        assertTrue(Files.isRegularFile(ROOT.resolve("config/service-center.yaml")));
    }

    @Test
    void dockerfile_healthcheckAsksGetHealthOnRunsHttpPort_andPassesOnlyOn200() throws Exception {
        List<Instruction> checks = of(dockerfile(), "HEALTHCHECK");
        assertEquals(1, checks.size());
        String args = checks.get(0).args();
        int cmd = args.indexOf("CMD ");
        assertTrue(cmd >= 0, args);
        List<String> argv = strings(JSON.readTree(args.substring(cmd + 4).trim()));
        String httpPort = runSpec().findOption("--http-port").defaultValue();
        String script = argv.get(argv.size() - 1);
        assertTrue(script.contains("/dev/tcp/127.0.0.1/" + httpPort + " ") && script.contains("GET /health "),
                "the health check must ask GET /health on run's HTTP port " + httpPort + ": " + script);
        assertEquals(List.of("bash", "-c"), argv.subList(0, 2));
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash here to try the health check with");
        // the same command against a stand-in for the engine: 200 passes, 503 (starting, dead worker) fails
        for (int status : List.of(200, 503)) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/health", ex -> {
                byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/health") ? status : 404, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            server.start();
            try {
                String local = script.replace("/dev/tcp/127.0.0.1/" + httpPort + " ",
                        "/dev/tcp/127.0.0.1/" + server.getAddress().getPort() + " ");
                Process p = new ProcessBuilder(argv.get(0), argv.get(1), local).redirectErrorStream(true).start();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the health check hung");
                assertEquals(status == 200 ? 0 : 1, p.exitValue(), "health check against HTTP " + status + ": "
                        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } finally {
                server.stop(0);
            }
        }
    }

    // ---------------------------------------------------------------- Grafana

    @Test
    void grafana_provisionsInfluxdbWithFluxForTheTelematicsOrgAndBucket_withTheTokenFromTheEnvironment()
            throws IOException {
        JsonNode influx = datasources().stream().filter(d -> "influxdb".equals(d.path("type").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no InfluxDB data source provisioned"));
        assertEquals("http://influxdb:8086", influx.path("url").asText());
        assertEquals("Flux", influx.path("jsonData").path("version").asText());
        assertEquals("telematics", influx.path("jsonData").path("organization").asText());
        assertEquals("telematics", influx.path("jsonData").path("defaultBucket").asText());
        assertFalse(influx.path("uid").asText().isBlank(), "a fixed uid for the dashboard to reference");
        String token = influx.path("secureJsonData").path("token").asText();
        assertTrue(token.equals("$INFLUX_TOKEN") || token.equals("${INFLUX_TOKEN}"), token);
        // every $VAR in the provisioning files is set in the grafana service's environment
        JsonNode grafanaEnv = environment(compose().path("services").path("grafana"));
        try (var files = Files.walk(DOCKER.resolve("grafana/provisioning"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Map<String, List<String>> uses = new LinkedHashMap<>();
                collectVariables(YAML.readTree(f.toFile()), uses);
                for (String v : uses.keySet()) {
                    assertTrue(grafanaEnv.has(v), f + " uses $" + v + ", which the grafana service does not set");
                }
            }
        }
    }

    @Test
    void grafana_provisioningFoldersAndDashboardPathMatchTheMounts() throws IOException {
        Map<String, Path> mounts = bindMounts("grafana"); // container path -> host path
        assertEquals(DOCKER.resolve("grafana/provisioning/datasources"),
                mounts.get("/etc/grafana/provisioning/datasources"));
        assertEquals(DOCKER.resolve("grafana/provisioning/dashboards"),
                mounts.get("/etc/grafana/provisioning/dashboards"));
        JsonNode providers = YAML.readTree(DOCKER.resolve("grafana/provisioning/dashboards/dashboards.yml").toFile())
                .path("providers");
        assertEquals(1, providers.size());
        assertEquals("file", providers.get(0).path("type").asText());
        Path hostDir = mounts.get(providers.get(0).path("options").path("path").asText());
        assertNotNull(hostDir, "the dashboard provider's path is not a mounted folder: " + mounts.keySet());
        assertTrue(Files.isRegularFile(hostDir.resolve("telematics.json")));
        String home = environment(compose().path("services").path("grafana"))
                .path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
        if (!home.isEmpty()) {
            assertTrue(home.startsWith(providers.get(0).path("options").path("path").asText() + "/"), home);
            assertTrue(Files.isRegularFile(hostDir.resolve(Path.of(home).getFileName())), home);
        }
    }

    @Test
    void dashboard_hasBatteryHealthAlertsAndIngestPanels_withFluxOnTheRightMeasurements() throws IOException {
        JsonNode dashboard = dashboard();
        List<JsonNode> panels = list(dashboard.path("panels"));
        assertTrue(panels.size() >= 3, "at least three panels");
        JsonNode soh = panelWhoseQueryHas(panels, "\"Vehicle.Powertrain.TractionBattery.StateOfHealth\"");
        assertMeasurement(soh, "telemetry");
        assertTrue(queries(soh).get(0).contains("group(columns: [\"model\""), "state of health per model");
        assertTrue(queries(soh).get(0).contains("fn: mean"), "mean state of health");
        assertMeasurement(panelWhoseQueryHas(panels, "\"Vehicle.LowVoltageBattery.CurrentVoltage\""), "telemetry");
        JsonNode bySeverity = panelWhoseQueryHas(panels, "group(columns: [\"severity\"]");
        assertMeasurement(bySeverity, "alerts");
        JsonNode byRule = panelWhoseQueryHas(panels, "group(columns: [\"rule\"");
        assertMeasurement(byRule, "alerts");
        assertTrue(List.of("table", "barchart", "bargauge").contains(byRule.path("type").asText()));
        JsonNode ingest = panels.stream().filter(p -> p.path("title").asText().toLowerCase(Locale.ROOT)
                .contains("per minute")).findFirst().orElseThrow(() -> new AssertionError("no ingest-rate panel"));
        assertMeasurement(ingest, "telemetry");
        assertTrue(queries(ingest).get(0).contains("every: 1m"), "points per minute");
        for (JsonNode p : panels) {
            for (String q : queries(p)) {
                assertTrue(q.contains("from(bucket: \"telematics\")") || q.contains("from(bucket: \"${bucket}\")"),
                        p.path("title") + ": reads the telematics bucket: " + q);
                assertTrue(q.contains("range(start: v.timeRangeStart, stop: v.timeRangeStop)"),
                        p.path("title") + ": follows the dashboard's time range");
                assertBalanced(p.path("title").asText(), q);
            }
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if ("bucket".equals(v.path("name").asText())) {
                assertEquals("telematics", v.path("query").asText(), "the bucket variable's default");
            }
        }
    }

    @Test
    void dashboard_referencesOnlyProvisionedDatasourceUids() throws IOException {
        Set<String> provisioned = new TreeSet<>();
        for (JsonNode d : datasources()) {
            provisioned.add(d.path("uid").asText());
        }
        String influxUid = datasources().stream().filter(d -> "influxdb".equals(d.path("type").asText()))
                .findFirst().orElseThrow().path("uid").asText();
        JsonNode dashboard = dashboard();
        Set<String> referenced = new LinkedHashSet<>();
        collectDatasourceUids(dashboard, referenced);
        assertFalse(referenced.isEmpty(), "panels name their data source by uid");
        assertTrue(provisioned.containsAll(referenced), "referenced " + referenced + ", provisioned " + provisioned);
        for (JsonNode p : dashboard.path("panels")) {
            if (!queries(p).isEmpty()) {
                assertEquals(influxUid, p.path("datasource").path("uid").asText(), p.path("title").asText());
                for (JsonNode t : p.path("targets")) {
                    assertEquals(influxUid, t.path("datasource").path("uid").asText(), p.path("title").asText());
                }
            }
        }
    }

    @Test
    void prometheus_ifPresent_scrapesTheEngineMetrics_andIsAGrafanaDatasource() throws IOException {
        JsonNode prometheus = compose().path("services").path("prometheus");
        assumeTrue(!prometheus.isMissingNode(), "no prometheus service");
        Path config = bindMounts("prometheus").get("/etc/prometheus/prometheus.yml");
        assertNotNull(config, "prometheus.yml is mounted");
        JsonNode job = YAML.readTree(config.toFile()).path("scrape_configs").get(0);
        assertEquals("/metrics", job.path("metrics_path").asText("/metrics"));
        assertEquals("engine:" + runSpec().findOption("--http-port").defaultValue(),
                job.path("static_configs").get(0).path("targets").get(0).asText());
        // the alerting rules (docker/prometheus/telematics-cluster-rules.yml, ClusterAlertRulesTest) are mounted
        // where rule_files finds them, next to the config
        JsonNode ruleFiles = YAML.readTree(config.toFile()).path("rule_files");
        assertFalse(ruleFiles.isEmpty(), "prometheus.yml loads the alerting rules");
        for (JsonNode r : ruleFiles) {
            assertEquals(DOCKER.resolve("prometheus").resolve(r.asText()),
                    bindMounts("prometheus").get("/etc/prometheus/" + r.asText()), r.asText() + " is not mounted");
        }
        assertTrue(datasources().stream().anyMatch(d -> "prometheus".equals(d.path("type").asText())
                && "http://prometheus:9090".equals(d.path("url").asText())), "Grafana has the Prometheus data source");
    }

    // ---------------------------------------------------------------- helpers

    private record Instruction(int line, String keyword, String args) {
    }

    private static JsonNode compose() throws IOException {
        return YAML.readTree(DOCKER.resolve("docker-compose.yml").toFile());
    }

    /** A service's environment as an object, whether written as a map or as a list of NAME=value. */
    private static JsonNode environment(JsonNode service) {
        JsonNode env = service.path("environment");
        if (env.isArray()) {
            var o = JSON.createObjectNode();
            for (JsonNode e : env) {
                String[] kv = e.asText().split("=", 2);
                o.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            return o;
        }
        return env;
    }

    /** Container path -> host path (under docker/) of a service's bind mounts. */
    private static Map<String, Path> bindMounts(String service) throws IOException {
        Map<String, Path> m = new LinkedHashMap<>();
        for (JsonNode v : compose().path("services").path(service).path("volumes")) {
            String[] parts = v.asText().split(":");
            if (parts[0].startsWith(".")) {
                m.put(parts[1], DOCKER.resolve(parts[0]).normalize());
            }
        }
        return m;
    }

    private static Map<String, String> envExample() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DOCKER.resolve(".env.example"))) {
            String l = line.trim();
            if (!l.isEmpty() && !l.startsWith("#") && l.contains("=")) {
                m.put(l.substring(0, l.indexOf('=')).trim(), l.substring(l.indexOf('=') + 1).trim());
            }
        }
        return m;
    }

    /** Every $NAME / ${NAME...} in the string values of a parsed YAML tree: name -> the modifier of each use. */
    private static void collectVariables(JsonNode node, Map<String, List<String>> into) {
        if (node.isTextual()) {
            Matcher m = COMPOSE_VARIABLE.matcher(node.asText());
            while (m.find()) {
                if (m.group(1) != null) {
                    into.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2));
                } else if (m.group(3) != null) {
                    into.computeIfAbsent(m.group(3), k -> new ArrayList<>()).add("");
                }
            }
        } else if (node.isContainerNode()) {
            node.forEach(child -> collectVariables(child, into)); // an object's values, an array's elements
        }
    }

    /** The Dockerfile's instructions: continuation lines joined, comments and blank lines dropped. */
    private static List<Instruction> dockerfile() throws IOException {
        List<String> lines = Files.readAllLines(DOCKER.resolve("Dockerfile"));
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1);
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current == null)) {
                continue; // comment lines end no instruction, also inside a continuation
            }
            if (current == null) {
                current = new StringBuilder();
                start = n;
            }
            line = line.stripTrailing();
            boolean continues = line.endsWith("\\");
            current.append((continues ? line.substring(0, line.length() - 1) : line).trim()).append(' ');
            if (!continues) {
                String text = current.toString().trim();
                int space = text.indexOf(' ');
                if (space < 0) {
                    fail("line " + start + ": instruction without arguments: " + text);
                }
                out.add(new Instruction(start, text.substring(0, space).toUpperCase(Locale.ROOT),
                        text.substring(space + 1).trim()));
                current = null;
            }
        }
        assertNull(current, "the Dockerfile ends inside a continuation line");
        return out;
    }

    private static List<Instruction> of(List<Instruction> instructions, String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** An instruction's JSON (exec) form, e.g. ["java", "-jar", "..."]. */
    private static List<String> execForm(Instruction i) {
        JsonNode argv;
        try {
            argv = JSON.readTree(i.args());
        } catch (IOException e) {
            throw new AssertionError("line " + i.line() + ": " + i.keyword() + " is not valid JSON (exec form): "
                    + i.args(), e);
        }
        assertTrue(argv.isArray() && !argv.isEmpty(), "line " + i.line() + ": exec form is a JSON array of strings");
        for (JsonNode a : argv) {
            assertTrue(a.isTextual(), "line " + i.line() + ": not a string: " + a);
        }
        return strings(argv);
    }

    private static CommandSpec runSpec() {
        return Main.commandLine().getSubcommands().get("run").getCommandSpec();
    }

    /** Every --option in {@code runArgs} (starting with "run") is one of run's, with its value where it takes one. */
    private static void assertKnownOptionsOfRun(List<String> runArgs) {
        CommandSpec run = runSpec();
        for (int i = 1; i < runArgs.size(); i++) {
            String arg = runArgs.get(i);
            assertTrue(arg.startsWith("-"), "run takes no positional argument, got " + arg);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            OptionSpec option = run.findOption(name);
            assertNotNull(option, name + " is not an option of run (options: " + run.optionsMap().keySet() + ")");
            if (option.arity().max() > 0 && !arg.contains("=")) {
                i++;
                assertTrue(i < runArgs.size() && !runArgs.get(i).startsWith("--"), name + " needs a value");
            }
        }
    }

    private static boolean ignored(List<String> patterns, String path) {
        boolean excluded = false;
        for (String raw : patterns) {
            boolean negate = raw.startsWith("!");
            String pattern = negate ? raw.substring(1) : raw;
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            for (Path p = Path.of(path); p != null; p = p.getParent()) {
                if (m.matches(p)) {
                    excluded = !negate;
                    break;
                }
            }
        }
        return excluded;
    }

    private static List<JsonNode> datasources() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        try (var files = Files.list(DOCKER.resolve("grafana/provisioning/datasources"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .sorted().toList()) {
                JsonNode doc = YAML.readTree(f.toFile());
                assertEquals(1, doc.path("apiVersion").asInt(), f.toString());
                doc.path("datasources").forEach(all::add);
            }
        }
        return all;
    }

    private static JsonNode dashboard() throws IOException {
        return JSON.readTree(DOCKER.resolve("grafana/dashboards/telematics.json").toFile());
    }

    private static List<String> queries(JsonNode panel) {
        List<String> q = new ArrayList<>();
        panel.path("targets").forEach(t -> {
            if (t.hasNonNull("query")) {
                q.add(t.path("query").asText());
            }
        });
        return q;
    }

    private static JsonNode panelWhoseQueryHas(List<JsonNode> panels, String text) {
        return panels.stream().filter(p -> queries(p).stream().anyMatch(q -> q.contains(text))).findFirst()
                .orElseThrow(() -> new AssertionError("no panel with a Flux query containing " + text));
    }

    private static void assertMeasurement(JsonNode panel, String measurement) {
        for (String q : queries(panel)) {
            assertTrue(q.contains("r._measurement == \"" + measurement + "\""), panel.path("title").asText()
                    + " must read measurement " + measurement + ": " + q);
        }
    }

    /** Parentheses, brackets and braces pair up, and double quotes close (a cheap guard against a broken edit). */
    private static void assertBalanced(String title, String flux) {
        StringBuilder open = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < flux.length(); i++) {
            char c = flux.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if ("([{".indexOf(c) >= 0) {
                open.append(c);
            } else if (")]}".indexOf(c) >= 0) {
                assertTrue(open.length() > 0 && "([{".indexOf(open.charAt(open.length() - 1)) == ")]}".indexOf(c),
                        title + ": unbalanced " + c + " at " + i);
                open.setLength(open.length() - 1);
            }
        }
        assertFalse(quoted, title + ": unclosed string");
        assertEquals("", open.toString(), title + ": unclosed brackets");
    }

    private static void collectDatasourceUids(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            JsonNode ds = node.path("datasource");
            if (ds.isObject() && ds.hasNonNull("uid")) {
                into.add(ds.path("uid").asText());
            }
        }
        if (node.isContainerNode()) {
            node.forEach(child -> collectDatasourceUids(child, into));
        }
    }

    /** A compose list (or a single string) as strings. */
    static List<String> strings(JsonNode array) {
        List<String> s = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> s.add(n.asText()));
        } else if (array.isTextual()) {
            s.add(array.asText());
        }
        return s;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> l = new ArrayList<>();
        array.forEach(l::add);
        return l;
    }
}

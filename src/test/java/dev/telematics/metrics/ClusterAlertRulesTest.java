package dev.telematics.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.telematics.testing.Promtool;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's alerting rules (docker/prometheus/telematics-cluster-rules.yml) pass Debian's {@code promtool check
 * rules}, and {@code promtool test rules} proves them with telematics-cluster-rules.test.yml: every alert has a
 * case where it fires and one where it stays quiet, and the firing cases fail when the alert could never fire.
 * Both Prometheus configurations load the file. Skipped without promtool unless TELEMATICS_REQUIRE_PROMTOOL=1.
 */
class ClusterAlertRulesTest {
    private static final Path PROMETHEUS = Path.of("docker", "prometheus").toAbsolutePath();
    private static final Path RULES = PROMETHEUS.resolve("telematics-cluster-rules.yml");
    private static final Path RULE_TESTS = PROMETHEUS.resolve("telematics-cluster-rules.test.yml");
    private static final YAMLMapper YAML = new YAMLMapper();
    /** The metrics the rules may read: the engine's (cluster mode) and Prometheus' own {@code up}. */
    private static final Set<String> KNOWN_METRICS = Set.of("up", "telematics_cluster_node_info",
            "telematics_cluster_partitions_owned", "telematics_cluster_consumer_lag_records",
            "telematics_cluster_state_restore_seconds", "telematics_cluster_state_restored_vehicles_total",
            "telematics_cluster_changelog_bytes_total", "telematics_downlink_total", "telematics_downlink_parked",
            "telematics_edge_log_refusals_total", "telematics_messages_received_total", "telematics_latency_seconds");
    private static final Pattern METRIC = Pattern.compile("\\b(telematics_[a-z0-9_:]*[a-z0-9_]|up)(?=\\s*[{\\[)\\s]|$)");

    private record Result(int exit, String output) {
    }

    @Test
    void promtoolCheckRules_acceptsTheRulesFile_andCountsEveryRule() throws Exception {
        Result r = promtool("check", "rules", RULES.toString());
        assertEquals(0, r.exit(), r.output());
        int rules = 0;
        for (JsonNode g : rules().path("groups")) {
            rules += g.path("rules").size();
        }
        assertTrue(rules >= 8, "the rules file holds the cluster's alerts: " + rules);
        assertTrue(r.output().contains("SUCCESS: " + rules + " rules found"), r.output());
    }

    @Test
    void promtoolTestRules_passesTheUnitTests() throws Exception {
        Result r = promtool("test", "rules", RULE_TESTS.toString());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }

    @Test
    void everyAlert_hasAFiringAndAQuietCase_aSeverity_aForDuration_andASummaryAndDescription() throws IOException {
        List<JsonNode> alerts = alerts(rules());
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode test : YAML.readTree(RULE_TESTS.toFile()).path("tests")) {
            for (JsonNode c : test.path("alert_rule_test")) {
                (c.path("exp_alerts").isEmpty() ? quiet : firing).add(c.path("alertname").asText());
            }
        }
        for (JsonNode a : alerts) {
            String name = a.path("alert").asText();
            assertTrue(firing.contains(name), name + " has no case where it fires");
            assertTrue(quiet.contains(name), name + " has no case where it must stay quiet");
            assertTrue(Set.of("warning", "critical").contains(a.path("labels").path("severity").asText()), name);
            assertTrue(a.path("for").asText().matches("\\d+[mh]"), name + ": for " + a.path("for"));
            assertFalse(a.path("annotations").path("summary").asText().isBlank(), name + ": summary");
            assertTrue(a.path("annotations").path("description").asText().length() > 40, name + ": description");
        }
        assertTrue(alerts.stream().map(a -> a.path("alert").asText()).toList().containsAll(List.of("TelematicsNodeDown",
                "TelematicsConsumerLagHigh", "TelematicsConsumerLagGrowing", "TelematicsNodeOwnsNoPartitions",
                "TelematicsDownlinkParkedGrowing", "TelematicsDownlinkParkedStuck", "TelematicsEdgeLogRefusals")));
    }

    @Test
    void rulesReadOnlyMetricsTheEngineExports_orTheirOwnRecordings() throws IOException {
        JsonNode rules = rules();
        Set<String> recorded = new TreeSet<>();
        Set<String> read = new TreeSet<>();
        for (JsonNode g : rules.path("groups")) {
            for (JsonNode r : g.path("rules")) {
                if (r.has("record")) {
                    recorded.add(r.path("record").asText());
                }
                List<String> texts = new ArrayList<>(List.of(r.path("expr").asText()));
                r.path("annotations").forEach(a -> texts.add(a.asText()));
                for (String t : texts) {
                    Matcher m = METRIC.matcher(t);
                    while (m.find()) {
                        read.add(m.group(1));
                    }
                }
            }
        }
        read.removeAll(recorded);
        read.removeAll(KNOWN_METRICS);
        assertEquals(Set.of(), read, "the rules read metrics nobody exports (a typo would make an alert that never fires)");
    }

    @Test
    void eachFiringCase_failsWhenItsAlertCanNeverFire(@TempDir Path dir) throws Exception {
        JsonNode original = rules();
        for (JsonNode alert : alerts(original)) {
            String name = alert.path("alert").asText();
            JsonNode mutated = original.deepCopy();
            for (JsonNode a : alerts(mutated)) {
                if (a.path("alert").asText().equals(name)) {
                    ((ObjectNode) a).put("expr", "vector(0) > 1");
                }
            }
            Path rules = dir.resolve(name + "-rules.yml");
            YAML.writeValue(rules.toFile(), mutated);
            ObjectNode tests = (ObjectNode) YAML.readTree(RULE_TESTS.toFile());
            tests.putArray("rule_files").add(rules.toString());
            Path testFile = dir.resolve(name + "-test.yml");
            YAML.writeValue(testFile.toFile(), tests);
            Result r = promtool("test", "rules", testFile.toString());
            assertNotEquals(0, r.exit(), name + " never firing went unnoticed: " + r.output());
            assertTrue(r.output().contains("alertname: " + name), name + ": " + r.output());
        }
    }

    @Test
    void bothPrometheusConfigs_loadTheRulesFile() throws Exception {
        for (String config : List.of("prometheus.yml", "prometheus-cluster.yml")) {
            JsonNode ruleFiles = YAML.readTree(PROMETHEUS.resolve(config).toFile()).path("rule_files");
            assertEquals(List.of(RULES.getFileName().toString()), List.of(ruleFiles.path(0).asText()), config);
            Result r = promtool("check", "config", PROMETHEUS.resolve(config).toString());
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().contains("SUCCESS: 1 rule files found"), config + ": " + r.output());
        }
    }

    private static JsonNode rules() throws IOException {
        return YAML.readTree(RULES.toFile());
    }

    private static List<JsonNode> alerts(JsonNode rules) {
        List<JsonNode> alerts = new ArrayList<>();
        rules.path("groups").forEach(g -> g.path("rules").forEach(r -> {
            if (r.has("alert")) {
                alerts.add(r);
            }
        }));
        return alerts;
    }

    private static Result promtool(String... args) throws Exception {
        String promtool = Promtool.path();
        List<String> command = new ArrayList<>(List.of(promtool));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool finished");
        return new Result(p.exitValue(), out);
    }
}

package dev.telematics.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages follow the pipeline (docs/architecture.md): a package may use packages of its own layer or
 * below, never one above it. Read from the sources, so a new import that runs upwards fails here.
 */
class PackageLayersTest {
    /** Bottom to top; packages on one line form one layer. */
    static final List<List<String>> LAYERS = List.of(
            List.of("error", "config", "timing", "predict"),   // ground floor: no domain
            List.of("topic", "vehicle", "dtc"),                 // the topic contract and the car's model
            List.of("handoff"),                                 // typed hand-offs between the tiers
            List.of("security", "ingest", "broker"),            // edge tier (the only one that knows HiveMQ)
            List.of("rules"),                                   // processing tier, in pipeline order
            List.of("state"),                                   // vehicle state snapshots (saved, restored)
            List.of("service"),                                 // the service network and dispatch ranking (model)
            List.of("cases"),
            List.of("consent"),
            List.of("notify"),
            List.of("archive"),
            List.of("processing"),
            List.of("delivery"),                                // delivery tier
            List.of("cluster"),                                 // the tiers' hand-offs through Kafka (cluster mode)
            List.of("remote", "metrics", "api", "console", "simulator"), // services around the pipeline
            List.of("engine", "cli"));                          // composition root and commands

    private static final Path SOURCES = Path.of("src/main/java/dev/telematics");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.telematics\\.([a-z]+)\\.[A-Z]");

    private static int layerOf(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void everyPackage_hasALayer() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(p -> layerOf(p) < 0).forEach(missing::add);
        }
        assertEquals(List.of(), missing, "packages without a layer in docs/architecture.md and this test");
    }

    @Test
    void noPackage_usesAPackageAboveIt() throws IOException {
        Map<String, TreeSet<String>> upward = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(f).getName(0).toString();
                Matcher m = REFERENCE.matcher(Files.readString(f));
                while (m.find()) {
                    String used = m.group(1);
                    if (layerOf(used) > layerOf(pkg)) {
                        upward.computeIfAbsent(SOURCES.relativize(f).toString(), k -> new TreeSet<>()).add(used);
                    }
                }
            }
        }
        assertTrue(upward.isEmpty(), "imports that run up the pipeline: " + upward);
    }

    @Test
    void onlyTheEdge_knowsHiveMq() throws IOException {
        List<String> outside = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(f).getName(0).toString();
                if (!List.of("broker", "security", "simulator").contains(pkg)
                        && Files.readString(f).contains("com.hivemq.extension")) {
                    outside.add(SOURCES.relativize(f).toString());
                }
            }
        }
        assertEquals(List.of(), outside, "HiveMQ's extension API outside the edge");
    }

    @Test
    void topicNames_areSpelledOnlyInTheTopicContract() throws IOException {
        List<String> spelled = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (!f.startsWith(SOURCES.resolve("topic")) && Files.readString(f).contains("\"vehicles/")) {
                    spelled.add(SOURCES.relativize(f).toString());
                }
            }
        }
        assertEquals(List.of(), spelled, "\"vehicles/\" literals outside dev.telematics.topic");
    }
}

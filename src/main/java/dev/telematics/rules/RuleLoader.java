package dev.telematics.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.telematics.vehicle.SignalCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads rules files ({@code *.yaml}, {@code *.yml}) of a directory. Every problem is collected, with
 * the file and line, and reported together: a rule author fixes them in one go.
 *
 * <pre>
 * version: 1
 * rules:
 *   - id: lv-battery-low
 *     kind: threshold
 *     ...
 * </pre>
 */
public final class RuleLoader {
    public static final int FILE_VERSION = 1;
    private final SignalCatalog signals;
    private final ObjectMapper mapper = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    public RuleLoader(SignalCatalog signals) {
        this.signals = signals;
    }

    /** Loads every rules file of {@code dir} (sorted by name). */
    public RuleSet loadDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RuleLoadException(List.of(dir + ": rules directory does not exist"));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> {
                String n = p.getFileName().toString();
                return Files.isRegularFile(p) && (n.endsWith(".yaml") || n.endsWith(".yml"));
            }).sorted().toList();
        } catch (IOException e) {
            throw new RuleLoadException(List.of(dir + ": cannot list: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                rules.addAll(parse(f.toString(), in, problems));
            } catch (IOException e) {
                problems.add(f + ": cannot read: " + e.getMessage());
            }
        }
        return finish(rules, problems);
    }

    /** Loads one rules document (for tests and bundled defaults); {@code name} is used in messages. */
    public RuleSet load(String name, InputStream in) {
        List<String> problems = new ArrayList<>();
        List<Rule> rules = parse(name, in, problems);
        return finish(rules, problems);
    }

    private RuleSet finish(List<Rule> rules, List<String> problems) {
        Map<String, String> seen = new HashMap<>();
        for (Rule r : rules) {
            String prev = seen.putIfAbsent(r.id(), r.meta().source());
            if (prev != null) {
                problems.add(r.meta().source() + ": rule '" + r.id() + "' is defined twice (first at " + prev + ")");
            }
        }
        Map<String, Rule> byId = new HashMap<>();
        rules.forEach(r -> byId.putIfAbsent(r.id(), r));
        for (Rule r : rules) {
            if (r instanceof CompositeRule c) {
                for (String ref : c.of()) {
                    Rule target = byId.get(ref);
                    if (target == null) {
                        problems.add(r.meta().source() + ": rule '" + r.id() + "': 'of' names '" + ref
                                + "', which is not a loaded rule");
                    } else if (!(target instanceof ThresholdRule) && !(target instanceof RateRule)
                            && !(target instanceof CompositeRule) && !(target instanceof OutlierRule)) {
                        problems.add(r.meta().source() + ": rule '" + r.id() + "': 'of' names '" + ref + "', a "
                                + target.meta().kind() + " rule; only threshold, rate, outlier, all and any rules can be combined");
                    }
                }
                if (cyclic(c, byId, new HashSet<>())) {
                    problems.add(r.meta().source() + ": rule '" + r.id() + "': its 'of' leads back to itself");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleLoadException(problems);
        }
        return new RuleSet(rules);
    }

    private static boolean cyclic(CompositeRule c, Map<String, Rule> byId, Set<String> path) {
        if (!path.add(c.id())) {
            return true;
        }
        for (String ref : c.of()) {
            if (byId.get(ref) instanceof CompositeRule inner && cyclic(inner, byId, path)) {
                return true;
            }
        }
        path.remove(c.id());
        return false;
    }

    private List<Rule> parse(String file, InputStream in, List<String> problems) {
        List<Rule> rules = new ArrayList<>();
        try (JsonParser p = new YAMLFactory().createParser(in)) {
            p.setCodec(mapper);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                problems.add(file + ":1: a rules file is a mapping with 'version' and 'rules'");
                return rules;
            }
            boolean sawRules = false;
            boolean sawVersion = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                int line = line(p.currentLocation());
                JsonToken value = p.nextToken();
                switch (field) {
                    case "version" -> {
                        sawVersion = true;
                        if (value != JsonToken.VALUE_NUMBER_INT || p.getIntValue() != FILE_VERSION) {
                            problems.add(file + ":" + line + ": unsupported version '" + p.getText()
                                    + "' (this engine reads version " + FILE_VERSION + ")");
                        }
                    }
                    case "rules" -> {
                        sawRules = true;
                        if (value != JsonToken.START_ARRAY) {
                            problems.add(file + ":" + line + ": 'rules' must be a list");
                            p.skipChildren();
                            continue;
                        }
                        readRules(file, p, rules, problems);
                    }
                    default -> {
                        problems.add(file + ":" + line + ": unknown top-level field '" + field
                                + "' (expected 'version' and 'rules')");
                        p.skipChildren();
                    }
                }
            }
            if (!sawRules) {
                problems.add(file + ": no 'rules' list");
            }
            if (!sawVersion) {
                problems.add(file + ":1: missing 'version: " + FILE_VERSION + "'");
            }
        } catch (JsonProcessingException e) {
            problems.add(file + ":" + line(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            problems.add(file + ": cannot read: " + e.getMessage());
        }
        return rules;
    }

    private void readRules(String file, JsonParser p, List<Rule> rules, List<String> problems) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            String where = file + ":" + line(p.currentTokenLocation());
            JsonNode node = p.readValueAsTree();
            if (!node.isObject()) {
                problems.add(where + ": each rule must be a mapping");
                continue;
            }
            String id = node.path("id").isTextual() ? " rule '" + node.path("id").asText() + "':" : "";
            try {
                RuleSpec spec = mapper.treeToValue(node, RuleSpec.class);
                Rule r = RuleFactory.build(spec, where, signals);
                if (r != null) {
                    rules.add(r);
                }
            } catch (UnrecognizedPropertyException e) {
                problems.add(where + ":" + id + " unknown field '" + e.getPropertyName()
                        + "' (known fields: " + e.getKnownPropertyIds() + ")");
            } catch (JsonProcessingException e) {
                problems.add(where + ":" + id + " " + e.getOriginalMessage());
            } catch (IllegalArgumentException e) {
                problems.add(where + ":" + id + " " + e.getMessage());
            }
        }
    }

    private static int line(JsonLocation loc) {
        return loc == null ? 0 : loc.getLineNr();
    }
}

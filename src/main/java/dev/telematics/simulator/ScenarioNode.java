package dev.telematics.simulator;

import dev.telematics.config.Durations;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A mapping of a parsed scenario file together with its path in the file ({@code fleet},
 * {@code faults[2]}), so every problem can say where it is. Problems are thrown as {@link Problem}, which
 * {@link ScenarioLoader} turns into an {@code EngineException} naming the file.
 *
 * <p>Not thread-safe; used by one loading thread.
 */
final class ScenarioNode {
    private final JsonNode node;
    private final String path;

    ScenarioNode(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new Problem(path, "expected a mapping of fields, got " + describe(node));
        }
        this.node = node;
        this.path = path;
    }

    String path() {
        return path;
    }

    /** Refuses any field outside {@code known}. */
    void allowOnly(List<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw new Problem(path, "unknown field '" + field + "' (allowed: " + String.join(", ", known) + ")");
            }
        }
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    ScenarioNode object(String field) {
        return new ScenarioNode(required(field), child(field));
    }

    /** The mappings of a list field; empty when the field is absent. */
    List<ScenarioNode> objects(String field) {
        List<ScenarioNode> out = new ArrayList<>();
        if (!has(field)) {
            return out;
        }
        JsonNode list = node.get(field);
        if (!list.isArray()) {
            throw new Problem(child(field), "expected a list, got " + describe(list));
        }
        for (int i = 0; i < list.size(); i++) {
            out.add(new ScenarioNode(list.get(i), child(field) + "[" + i + "]"));
        }
        return out;
    }

    String text(String field) {
        JsonNode v = required(field);
        if (!v.isValueNode()) {
            throw new Problem(child(field), "expected a text value, got " + describe(v));
        }
        return v.asText();
    }

    String optionalText(String field) {
        return has(field) ? text(field) : null;
    }

    List<String> texts(String field) {
        JsonNode v = required(field);
        if (!v.isArray()) {
            throw new Problem(child(field), "expected a list, got " + describe(v));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isValueNode() || item.isNull()) {
                throw new Problem(child(field), "expected a list of text values, got " + describe(item));
            }
            out.add(item.asText());
        }
        return out;
    }

    long integer(String field) {
        JsonNode v = required(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new Problem(child(field), "expected a whole number, got " + describe(v));
        }
        return v.asLong();
    }

    double number(String field) {
        JsonNode v = required(field);
        if (!v.isNumber()) {
            throw new Problem(child(field), "expected a number, got " + describe(v));
        }
        return v.asDouble();
    }

    Duration duration(String field) {
        JsonNode v = required(field);
        if (!v.isTextual()) {
            throw new Problem(child(field), "bad duration " + describe(v) + "; expected " + Durations.ACCEPTED);
        }
        try {
            return Durations.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw new Problem(child(field), e.getMessage());
        }
    }

    private JsonNode required(String field) {
        if (!has(field)) {
            throw new Problem(path, "missing field '" + field + "'");
        }
        return node.get(field);
    }

    private String child(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String describe(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        return "'" + v.asText() + "'";
    }

    /** A problem at a place in the file; {@link ScenarioLoader} adds the file name. */
    static final class Problem extends RuntimeException {
        Problem(String path, String message) {
            super(path == null || path.isEmpty() ? message : path + ": " + message);
        }
    }
}

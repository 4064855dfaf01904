package dev.telematics.service;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into a tree that remembers the line of every node, by path
 * ({@code servicePoints[0].stock.coolant}): Jackson's tree forgets where a value was, and a config
 * author needs "file:line". A key given twice is a problem (the tree would keep only the last).
 */
record LocatedYaml(JsonNode root, Map<String, Integer> lines) {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The line of {@code path}, or of its nearest parent that has one (1 if none). */
    int line(String path) {
        String p = path;
        while (true) {
            Integer l = lines.get(p);
            if (l != null || p.isEmpty()) {
                return l == null ? 1 : l;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }

    static LocatedYaml read(String file, InputStream in, List<String> problems) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = new YAMLFactory().createParser(in)) {
            if (p.nextToken() == null) {
                return new LocatedYaml(MissingNode.getInstance(), lines);
            }
            return new LocatedYaml(value(file, p, "", lines, problems), lines);
        }
    }

    private static JsonNode value(String file, JsonParser p, String path, Map<String, Integer> lines,
                                  List<String> problems) throws IOException {
        lines.putIfAbsent(path, line(p.currentTokenLocation()));
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = path.isEmpty() ? name : path + "." + name;
                    int keyLine = line(p.currentTokenLocation());
                    p.nextToken();
                    if (o.has(name)) {
                        problems.add(file + ":" + keyLine + ": '" + child + "' is given twice (first at line "
                                + lines.get(child) + ")");
                        value(file, p, child + "#" + keyLine, lines, problems);
                        continue;
                    }
                    lines.put(child, keyLine);
                    o.set(name, value(file, p, child, lines, problems));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(value(file, p, path + "[" + i++ + "]", lines, problems));
                }
                return a;
            }
            case VALUE_NUMBER_INT -> {
                return NODES.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(p.getBooleanValue());
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> {
                return NODES.textNode(p.getText());
            }
        }
    }

    private static int line(JsonLocation loc) {
        return loc == null ? 0 : loc.getLineNr();
    }
}

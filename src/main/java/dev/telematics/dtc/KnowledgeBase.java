package dev.telematics.dtc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.vehicle.Severity;
import dev.telematics.vehicle.Vin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DTC knowledge base ({@code rules/knowledge/knowledge-base.yaml}) and the table of manufacturers by
 * world manufacturer identifier ({@code rules/knowledge/manufacturers.yaml}). A manufacturer-specific code is only
 * explained when the vehicle's VIN names that manufacturer: it never gets a generic meaning.
 * Immutable; thread-safe.
 */
public final class KnowledgeBase {
    /** The knowledge base's folder inside the rules folder (rule files stay at the top level). */
    public static final String FOLDER = "knowledge";
    private final Map<String, KnowledgeEntry> generic;
    private final Map<String, KnowledgeEntry> byMaker;
    private final Map<String, KnowledgeEntry> j1939;
    private final Map<String, String> makerByWmi;
    private final List<KnowledgeEntry> all;

    public KnowledgeBase(Collection<KnowledgeEntry> entries, Map<String, String> makerByWmi) {
        Map<String, KnowledgeEntry> g = new HashMap<>();
        Map<String, KnowledgeEntry> m = new HashMap<>();
        Map<String, KnowledgeEntry> j = new HashMap<>();
        for (KnowledgeEntry e : entries) {
            Map<String, KnowledgeEntry> target = e.code() == null ? j : e.manufacturer() == null ? g : m;
            String key = e.code() == null ? e.key() : e.manufacturer() == null ? e.code() : makerKey(e.code(), e.manufacturer());
            if (target.put(key, e) != null) {
                throw new IllegalArgumentException("knowledge base lists " + e.key() + " twice");
            }
        }
        this.generic = Map.copyOf(g);
        this.byMaker = Map.copyOf(m);
        this.j1939 = Map.copyOf(j);
        this.makerByWmi = Map.copyOf(makerByWmi);
        this.all = List.copyOf(entries);
    }

    public static KnowledgeBase empty() {
        return new KnowledgeBase(List.of(), Map.of());
    }

    /** Loads the knowledge base and the manufacturer table of a rules folder; a missing file means an empty part. */
    public static KnowledgeBase load(Path rulesDir) {
        List<KnowledgeEntry> entries = new ArrayList<>();
        Map<String, String> wmi = new HashMap<>();
        YAMLMapper yaml = new YAMLMapper();
        Path kb = rulesDir.resolve(FOLDER).resolve("knowledge-base.yaml");
        if (Files.isRegularFile(kb)) {
            JsonNode root = read(yaml, kb);
            int i = 0;
            for (JsonNode n : root.path("codes")) {
                i++;
                try {
                    entries.add(entry(n));
                } catch (RuntimeException e) {
                    throw new EngineException(ErrorCode.RULE_INVALID, kb + ": entry " + i + " ("
                            + n.path("code").asText(n.path("spn").asText("?")) + "): " + e.getMessage(), e);
                }
            }
        }
        Path makers = rulesDir.resolve(FOLDER).resolve("manufacturers.yaml");
        if (Files.isRegularFile(makers)) {
            JsonNode root = read(yaml, makers);
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("manufacturers").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                for (JsonNode w : e.getValue()) {
                    if (w.asText().length() != 3) {
                        throw new EngineException(ErrorCode.RULE_INVALID,
                                makers + ": WMI '" + w.asText() + "' of " + e.getKey() + " must have 3 characters");
                    }
                    wmi.put(w.asText(), e.getKey());
                }
            }
        }
        try {
            return new KnowledgeBase(entries, wmi);
        } catch (IllegalArgumentException e) {
            throw new EngineException(ErrorCode.RULE_INVALID, kb + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode read(YAMLMapper yaml, Path file) {
        try {
            return yaml.readTree(file.toFile());
        } catch (IOException e) {
            throw new EngineException(ErrorCode.RULE_INVALID, file + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    private static KnowledgeEntry entry(JsonNode n) {
        return new KnowledgeEntry(text(n, "code"), text(n, "manufacturer"),
                n.hasNonNull("spn") ? n.get("spn").asInt() : null, n.hasNonNull("fmi") ? n.get("fmi").asInt() : null,
                text(n, "description"), text(n, "system"), Severity.fromLabel(n.path("severity").asText()),
                text(n, "ownerUrgency"), text(n, "ownerText"), list(n, "causes"), list(n, "remoteChecks"),
                list(n, "parts"), text(n, "skill"), text(n, "source"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText().trim();
    }

    private static List<String> list(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        n.path(field).forEach(x -> out.add(x.asText()));
        return out;
    }

    /** The maker of a vehicle by the first three characters of its VIN, if known. */
    public Optional<String> manufacturerOf(Vin vin) {
        return Optional.ofNullable(makerByWmi.get(vin.value().substring(0, 3)));
    }

    /** What the knowledge base says about a DTC reported by this vehicle, if anything. */
    public Optional<KnowledgeEntry> lookup(ReportedDtc dtc, Vin vin) {
        if (dtc.j1939() != null) {
            return Optional.ofNullable(j1939.get(dtc.j1939().key()));
        }
        if (dtc.code() == null) {
            return Optional.empty();
        }
        if (dtc.code().reserved()) {
            return Optional.empty();
        }
        if (!dtc.code().manufacturerSpecific()) {
            return Optional.ofNullable(generic.get(dtc.code().code()));
        }
        return manufacturerOf(vin).map(maker -> byMaker.get(makerKey(dtc.code().code(), maker)));
    }

    public List<KnowledgeEntry> entries() {
        return all;
    }

    private static String makerKey(String code, String maker) {
        return code + "|" + maker;
    }
}

package dev.telematics.vehicle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;

/** The signals the engine knows (immutable; safe to share between threads). */
public final class SignalCatalog {
    private static final String RESOURCE = "signals.yaml";
    private final Map<String, SignalDef> byPath;

    public SignalCatalog(Collection<SignalDef> defs) {
        Map<String, SignalDef> map = new LinkedHashMap<>();
        for (SignalDef d : defs) {
            if (map.put(d.path(), d) != null) {
                throw new IllegalArgumentException("signal listed twice: " + d.path());
            }
        }
        this.byPath = Collections.unmodifiableMap(map);
    }

    /** The catalog shipped with the engine (VSS 6.0 subset plus documented overlays). */
    public static SignalCatalog standard() {
        try (InputStream in = SignalCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new EngineException(ErrorCode.CONFIG_INVALID, "signal catalog resource missing: " + RESOURCE);
            }
            JsonNode root = new YAMLMapper().readTree(in);
            List<SignalDef> defs = new ArrayList<>();
            for (JsonNode n : root.path("signals")) {
                defs.add(new SignalDef(n.path("path").asText(), SignalType.fromLabel(n.path("type").asText()),
                        n.path("unit").asText(""), n.path("min").asDouble(Double.NEGATIVE_INFINITY),
                        n.path("max").asDouble(Double.POSITIVE_INFINITY), n.path("overlay").asBoolean(false)));
            }
            return new SignalCatalog(defs);
        } catch (IOException e) {
            throw new EngineException(ErrorCode.CONFIG_INVALID, "cannot read signal catalog: " + e.getMessage(), e);
        }
    }

    public Optional<SignalDef> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** Hot-path lookup: null when unknown. */
    public SignalDef get(String path) {
        return byPath.get(path);
    }

    public Collection<SignalDef> all() {
        return byPath.values();
    }
}

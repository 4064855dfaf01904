package dev.telematics.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** Read-only figures of a running engine, for GET /api/stats and the demo's report. */
public final class EngineStats {
    private final Engine engine;

    EngineStats(Engine engine) {
        this.engine = engine;
    }

    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ingest", engine.ingestStats().snapshot());
        m.put("backlog", engine.backlog());
        m.put("vehicles", engine.vehicles().size());
        m.put("rules", engine.rules().rules().size());
        m.put("ruleEvaluations", engine.rules().evaluations());
        m.put("firingsByRule", engine.rules().firings());
        m.put("warningsPublished", engine.notifier().published());
        m.put("warningsFailed", engine.notifier().failed());
        m.put("warningsSuppressed", engine.notifier().suppressed());
        return m;
    }
}

package dev.telematics.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseQuery;
import dev.telematics.cases.CaseService;
import dev.telematics.cases.CaseStatus;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.rules.Severity;
import dev.telematics.vehicle.Vin;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The technician's case endpoints under /api/cases. */
final class CaseRoutes {
    private final CaseService cases;
    private final ObjectMapper json;

    CaseRoutes(CaseService cases, ObjectMapper json) {
        this.cases = cases;
        this.json = json;
    }

    void register(Javalin app) {
        app.get("/api/cases", this::list);
        app.get("/api/cases/{ref}", ctx -> ctx.json(cases.get(ctx.pathParam("ref"))));
        app.post("/api/cases/{ref}/acknowledge", ctx -> {
            JsonNode body = body(ctx);
            ctx.json(cases.acknowledge(ctx.pathParam("ref"), text(body, "by")));
        });
        app.post("/api/cases/{ref}/resolve", ctx -> {
            JsonNode body = body(ctx);
            ctx.json(cases.resolve(ctx.pathParam("ref"), text(body, "by"), text(body, "resolution")));
        });
        app.post("/api/cases/{ref}/notes", ctx -> {
            JsonNode body = body(ctx);
            if (body.isEmpty() || !body.has("text")) {
                throw new EngineException(ErrorCode.MISSING_FIELD, "a note needs {\"text\": \"...\"}");
            }
            DiagnosticCase c = cases.addNote(ctx.pathParam("ref"), text(body, "author"), text(body, "text"));
            ctx.status(201).json(c);
        });
    }

    private void list(Context ctx) {
        CaseStatus status = param(ctx, "status", v -> CaseStatus.valueOf(v.toUpperCase(Locale.ROOT)),
                "one of OPEN, ACKNOWLEDGED, RESOLVED");
        Severity severity = param(ctx, "severity", Severity::fromLabel, "one of critical, high, medium, low, info");
        String vin = param(ctx, "vin", v -> Vin.of(v).value(), "a valid 17-character VIN");
        Integer limit = param(ctx, "limit", Integer::valueOf, "a number from 1 to " + CaseQuery.MAX_LIMIT);
        int lim = limit == null ? 100 : limit;
        if (lim < 1 || lim > CaseQuery.MAX_LIMIT) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "'limit' must be 1-" + CaseQuery.MAX_LIMIT);
        }
        List<CaseSummary> list = cases.list(new CaseQuery(status, severity, vin, lim)).stream()
                .map(CaseSummary::of).toList();
        ctx.json(Map.of("count", list.size(), "cases", list));
    }

    private interface Parser<T> {
        T parse(String v) throws Exception;
    }

    private static <T> T param(Context ctx, String name, Parser<T> parser, String expected) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return parser.parse(v);
        } catch (Exception e) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER,
                    "query parameter '" + name + "' is '" + v + "'; expected " + expected);
        }
    }

    private JsonNode body(Context ctx) {
        String raw = ctx.body();
        if (raw.isBlank()) {
            return json.createObjectNode();
        }
        try {
            JsonNode n = json.readTree(raw);
            if (n == null || !n.isObject()) {
                throw new EngineException(ErrorCode.INVALID_JSON, "the request body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new EngineException(ErrorCode.INVALID_JSON, "the request body is not valid JSON");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "'" + field + "' must be a string");
        }
        return n.asText();
    }
}

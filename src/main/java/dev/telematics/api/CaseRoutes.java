package dev.telematics.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseQuery;
import dev.telematics.cases.CaseWorkflow;
import dev.telematics.cases.CaseStatus;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.cases.Technician;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.vehicle.Severity;
import dev.telematics.vehicle.Vin;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The service center's endpoints: cases under /api/cases (list, detail, workflow transitions,
 * assignment, notes, work order) and the technicians under /api/technicians. Changes may name the case
 * version they were based on ({@code "version"}); a case changed since is refused with 409 STALE_UPDATE.
 */
final class CaseRoutes {
    private final CaseWorkflow cases;
    private final ObjectMapper json;

    CaseRoutes(CaseWorkflow cases, ObjectMapper json) {
        this.cases = cases;
        this.json = json;
    }

    void register(Javalin app) {
        app.get("/api/cases", this::list);
        app.get("/api/cases/{ref}", ctx -> ctx.json(cases.get(ctx.pathParam("ref"))));
        app.get("/api/cases/{ref}/work-order", ctx -> {
            DiagnosticCase c = cases.get(ctx.pathParam("ref"));
            if (c.work().workOrder() == null) {
                throw new EngineException(ErrorCode.NOT_FOUND, "case " + c.number() + " has no work order (it gets one "
                        + "when it goes to SERVICE_BOOKED)");
            }
            ctx.json(c.work().workOrder());
        });
        app.post("/api/cases/{ref}/acknowledge", ctx -> {
            JsonNode body = body(json, ctx);
            ctx.json(cases.transition(ctx.pathParam("ref"), Access.actor(ctx, text(body, "by")), CaseStatus.ACKNOWLEDGED,
                    text(body, "reason"), version(body)));
        });
        app.post("/api/cases/{ref}/transitions", ctx -> {
            JsonNode body = body(json, ctx);
            String to = text(body, "to");
            if (to == null) {
                throw new EngineException(ErrorCode.MISSING_FIELD, "a transition needs {\"to\": \"STATUS\"}; statuses: "
                        + List.of(CaseStatus.values()));
            }
            CaseStatus target = parse(to);
            ctx.json(cases.transition(ctx.pathParam("ref"), Access.actor(ctx, text(body, "by")), target, text(body, "reason"), version(body)));
        });
        app.post("/api/cases/{ref}/assign", ctx -> {
            JsonNode body = body(json, ctx);
            ctx.json(cases.assign(ctx.pathParam("ref"), Access.actor(ctx, text(body, "by")), text(body, "technician"), text(body, "reason"),
                    version(body)));
        });
        app.post("/api/cases/{ref}/notes", ctx -> {
            JsonNode body = body(json, ctx);
            if (body.isEmpty() || !body.has("text")) {
                throw new EngineException(ErrorCode.MISSING_FIELD, "a note needs {\"text\": \"...\"}");
            }
            DiagnosticCase c = cases.addNote(ctx.pathParam("ref"), Access.actor(ctx, text(body, "author")), text(body, "text"),
                    version(body));
            ctx.status(201).json(c);
        });
        app.get("/api/technicians", ctx -> {
            Map<String, Long> load = cases.activeCasesByAssignee();
            List<Map<String, Object>> out = cases.center().technicians().stream().map((Technician t) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", t.id());
                m.put("name", t.name());
                m.put("skills", t.skills());
                m.put("activeCases", load.getOrDefault(t.id(), 0L));
                return m;
            }).toList();
            ctx.json(Map.of("technicians", out));
        });
    }

    private static CaseStatus parse(String s) {
        try {
            return CaseStatus.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "unknown status '" + s + "'; statuses: "
                    + List.of(CaseStatus.values()));
        }
    }

    private void list(Context ctx) {
        CaseStatus status = param(ctx, "status", v -> CaseStatus.valueOf(v.toUpperCase(Locale.ROOT)),
                "one of " + List.of(CaseStatus.values()));
        Severity severity = param(ctx, "severity", Severity::fromLabel, "one of critical, high, medium, low, info");
        String vin = param(ctx, "vin", v -> Vin.of(v).value(), "a valid 17-character VIN");
        String assignee = param(ctx, "assignee", v -> v, "a technician id");
        Boolean active = param(ctx, "active", CaseRoutes::bool, "true or false");
        Boolean overdue = param(ctx, "overdue", CaseRoutes::bool, "true or false");
        CaseQuery.Sort sort = param(ctx, "sort", v -> CaseQuery.Sort.valueOf(v.toUpperCase(Locale.ROOT)), "newest or sla");
        Integer limit = param(ctx, "limit", Integer::valueOf, "a number from 1 to " + CaseQuery.MAX_LIMIT);
        Integer offset = param(ctx, "offset", Integer::valueOf, "a number >= 0");
        int lim = limit == null ? 100 : limit;
        int off = offset == null ? 0 : offset;
        if (lim < 1 || lim > CaseQuery.MAX_LIMIT) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "'limit' must be 1-" + CaseQuery.MAX_LIMIT);
        }
        if (off < 0) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "'offset' must be >= 0");
        }
        List<CaseSummary> list = cases.list(new CaseQuery(status, severity, vin, assignee, active, overdue, sort, off, lim))
                .stream().map(CaseSummary::of).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", list.size());
        out.put("offset", off);
        out.put("limit", lim);
        out.put("cases", list);
        ctx.json(out);
    }

    private static Boolean bool(String v) {
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(v);
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

    static JsonNode body(ObjectMapper json, Context ctx) {
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

    static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "'" + field + "' must be a string");
        }
        return n.asText();
    }

    /**
     * The case version the change is based on, or null when the caller does not say. Only a JSON integer
     * from 1 to 2^63-1 is a version: anything else (a string, a fraction, 0, a number too large for a
     * long, which would otherwise wrap around to some other version) is 400 INVALID_PARAMETER.
     */
    static Long version(JsonNode body) {
        JsonNode n = body.get("version");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 1) {
            String got = n.toString();
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "'version' must be the case's version number "
                    + "(an integer from 1 to " + Long.MAX_VALUE + "), got " + (got.length() > 40 ? got.substring(0, 40)
                    + "..." : got));
        }
        return n.longValue();
    }
}

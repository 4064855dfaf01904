package dev.telematics.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseWorkflow;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.consent.Consent;
import dev.telematics.consent.ConsentStore;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.remote.CommandType;
import dev.telematics.remote.RemoteCommand;
import dev.telematics.remote.RemoteCommands;
import io.javalin.Javalin;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * Remote diagnostics and supervision of a case: the owner's consent ({@code GET .../consent}), remote
 * commands ({@code POST .../commands} {"command": "READ_DTCS|SNAPSHOT|CLEAR_DTCS"} -> 202 PENDING; the
 * car's answer or the timeout shows on {@code GET .../commands/{id}} and in the case's audit trail),
 * and the supervisor's SLA override ({@code POST .../sla}).
 */
final class RemoteRoutes {
    private final CaseWorkflow cases;
    private final RemoteCommands commands;
    private final ConsentStore consents;
    private final ObjectMapper json;

    RemoteRoutes(CaseWorkflow cases, RemoteCommands commands, ConsentStore consents, ObjectMapper json) {
        this.cases = cases;
        this.commands = commands;
        this.consents = consents;
        this.json = json;
    }

    void register(Javalin app) {
        app.get("/api/cases/{ref}/consent", ctx -> {
            DiagnosticCase c = cases.get(ctx.pathParam("ref"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vin", c.vin());
            m.put("remoteDiagnostics", consents.granted(c.vin()));
            m.put("history", consents.history(c.vin(), 20).stream().map(RemoteRoutes::consent).toList());
            ctx.json(m);
        });
        app.post("/api/cases/{ref}/commands", ctx -> {
            JsonNode body = CaseRoutes.body(json, ctx);
            String name = CaseRoutes.text(body, "command");
            CommandType type = CommandType.parse(name);
            if (type == null) {
                throw new EngineException(name == null ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_PARAMETER,
                        "a command needs {\"command\": \"...\"}, one of " + List.of(CommandType.values()));
            }
            String actor = Access.actor(ctx, CaseRoutes.text(body, "by"));
            ctx.status(202).json(commands.send(ctx.pathParam("ref"), actor == null ? "technician" : actor, type));
        });
        app.get("/api/cases/{ref}/commands", ctx -> {
            DiagnosticCase c = cases.get(ctx.pathParam("ref"));
            ctx.json(Map.of("commands", commands.forCase(c.number())));
        });
        app.get("/api/cases/{ref}/commands/{id}", ctx -> {
            DiagnosticCase c = cases.get(ctx.pathParam("ref"));
            RemoteCommand cmd = commands.get(ctx.pathParam("id"));
            if (!cmd.caseNumber().equals(c.number())) {
                throw new EngineException(ErrorCode.COMMAND_NOT_FOUND, "command " + cmd.id() + " is not one of case "
                        + c.number());
            }
            ctx.json(cmd);
        });
        app.post("/api/cases/{ref}/sla", ctx -> {
            JsonNode body = CaseRoutes.body(json, ctx);
            ctx.json(cases.overrideSla(ctx.pathParam("ref"), Access.actor(ctx, CaseRoutes.text(body, "by")),
                    instant(body, "acknowledgeBy"), instant(body, "outcomeBy"), CaseRoutes.text(body, "reason"),
                    CaseRoutes.version(body)));
        });
    }

    private static Map<String, Object> consent(Consent c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("remoteDiagnostics", c.remoteDiagnostics());
        m.put("changedAt", c.changedAt());
        m.put("source", c.source());
        return m;
    }

    private static Instant instant(JsonNode body, String field) {
        String v = CaseRoutes.text(body, field);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "'" + field + "' must be an ISO-8601 instant such as "
                    + "2026-11-23T09:00:00Z, got '" + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "'");
        }
    }
}

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * Remote diagnostics and supervision of a case: the owner's consent ({@code GET .../consent}), remote
 * commands ({@code POST .../commands} {"command": "READ_DTCS|SNAPSHOT|CLEAR_DTCS"} -> 202 PENDING; the
 * car's answer or the timeout shows on {@code GET .../commands/{id}} and in the case's audit trail),
 * and the supervisor's SLA override ({@code POST .../sla}; targets from a day ago to the end of year 9999).
 */
final class RemoteRoutes {
    private final CaseWorkflow cases;
    private final RemoteCommands commands;
    private final ConsentStore consents;
    /** The latest SLA target a supervisor may set. */
    static final Instant LATEST_TARGET = Instant.parse("9999-12-31T23:59:59Z");
    /** How far in the past an SLA target may lie. */
    static final Duration SLA_TARGET_PAST = Duration.ofDays(1);
    private final ObjectMapper json;
    private final Clock clock;

    RemoteRoutes(CaseWorkflow cases, RemoteCommands commands, ConsentStore consents, ObjectMapper json, Clock clock) {
        this.cases = cases;
        this.commands = commands;
        this.consents = consents;
        this.json = json;
        this.clock = clock;
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
                    slaTarget(body, "acknowledgeBy"), slaTarget(body, "outcomeBy"), CaseRoutes.text(body, "reason"),
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

    /**
     * An SLA target from the body: an ISO-8601 instant no earlier than a day before now (a target that
     * passed longer ago is a mistyped year; within the day it records a deadline just missed) and no later
     * than {@link #LATEST_TARGET} (four-digit years: what JavaScript, PostgreSQL and every ISO-8601 reader
     * take; {@code Instant.parse} alone accepts the year 999,999,999). INVALID_PARAMETER otherwise.
     */
    private Instant slaTarget(JsonNode body, String field) {
        String v = CaseRoutes.text(body, field);
        if (v == null) {
            return null;
        }
        Instant t;
        try {
            t = Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "'" + field + "' must be an ISO-8601 instant such as "
                    + "2026-11-23T09:00:00Z, got '" + clip(v) + "'");
        }
        Instant earliest = clock.instant().minus(SLA_TARGET_PAST);
        if (t.isBefore(earliest) || t.isAfter(LATEST_TARGET)) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "'" + field + "' must lie between " + earliest
                    + " (a day ago) and " + LATEST_TARGET + ", got '" + clip(v) + "'");
        }
        return t;
    }

    private static String clip(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "..." : v;
    }
}

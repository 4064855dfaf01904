package dev.telematics.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseWorkflow;
import dev.telematics.consent.ConsentStore;
import dev.telematics.remote.RemoteCommands;
import dev.telematics.security.ApiPrincipal;
import dev.telematics.security.ApiTokens;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.Map;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.telematics.console.ConsoleRoutes;
import java.util.LinkedHashMap;

/**
 * The HTTP JSON API for technicians and operators (Javalin). Every error is JSON with a stable code
 * ({@link ApiError}). Lifecycle: {@link #start} once, {@link #close}.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private final Javalin app;

    /**
     * @param tokens   verifies API tokens; null turns API security off (every caller an unnamed supervisor)
     * @param commands remote diagnostic commands (consent-gated)
     * @param consents owners' consent decisions
     * @param metrics  the Prometheus text exposition, for GET /metrics
     * @param health   what GET /health answers (ready, backlog)
     * @param vehicles one car's state as processing holds it (GET /api/vehicles/{vin}/state)
     * @param node     this node's id in a cluster, {@code single} otherwise
     * @param clock    the engine's clock (the bounds of dates a request may set)
     */
    public ApiServer(ObjectMapper json, CaseWorkflow cases, Supplier<Map<String, Object>> stats,
                     Supplier<Map<String, Object>> rules, HealthCheck health, Runnable resetLatencies,
                     ApiTokens tokens, RemoteCommands commands, ConsentStore consents, Supplier<String> metrics,
                     VehicleRoutes.VehicleStates vehicles, String node, Clock clock) {
        Access access = new Access(tokens);
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.http.maxRequestSize = 64 * 1024;
        });
        // first, for every path: the security headers (also on errors), then no method overrides
        app.before(SecurityHeaders::apply);
        app.before(RequestGuards::refuseMethodOverride);
        app.before("/api/*", access::check);
        app.before("/api/*", RequestGuards::requireJson);
        app.get("/health", ctx -> {
            HealthCheck.Report r = health.report();
            ctx.status(r.httpStatus()).json(r.body());
        });
        app.get("/api/stats", ctx -> ctx.json(stats.get()));
        // Prometheus scrapes without a token (like /health): figures only, no case or vehicle data
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.get()));
        app.post("/api/stats/reset-latency", ctx -> {
            resetLatencies.run();
            ctx.status(204);
        });
        app.get("/api/rules", ctx -> ctx.json(rules.get()));
        Object openApi = OpenApiDocument.load();
        app.get("/api/openapi.json", ctx -> ctx.json(openApi));
        app.get("/api/whoami", ctx -> {
            ApiPrincipal p = Access.principal(ctx);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("role", p.role().label());
            m.put("apiSecurity", access.enabled());
            ctx.json(m);
        });
        new CaseRoutes(cases, json).register(app);
        new RemoteRoutes(cases, commands, consents, json, clock).register(app);
        new VehicleRoutes(vehicles, consents, node).register(app);
        new ConsoleRoutes().register(app);
        app.exception(EngineException.class, (e, ctx) -> error(ctx, e.code(), e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, codeFor(e.getStatus()), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("API request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, ErrorCode.INTERNAL_ERROR, "internal error; see the engine's log");
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, ErrorCode.NOT_FOUND, "no such endpoint: " + ctx.method() + " " + ctx.path());
            }
        });
        app.error(405, ctx -> error(ctx, ErrorCode.METHOD_NOT_ALLOWED,
                "method not allowed: " + ctx.method() + " " + ctx.path()));
    }

    public void start(String host, int port) {
        app.start(host, port);
    }

    /** The port the API listens on (useful when started on port 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private static void error(Context ctx, ErrorCode code, String message) {
        ctx.status(code.httpStatus()).json(ApiError.of(code, message));
    }

    private static ErrorCode codeFor(int status) {
        return switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
        };
    }
}

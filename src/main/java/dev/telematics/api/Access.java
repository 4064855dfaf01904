package dev.telematics.api;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.security.ApiPermission;
import dev.telematics.security.ApiPrincipal;
import dev.telematics.security.ApiTokens;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * Who may call what on the HTTP API. Every request under {@code /api/} except the OpenAPI document
 * needs {@code Authorization: Bearer TOKEN} (401 UNAUTHENTICATED otherwise) and the permission the
 * table in {@link #required} gives for its method and path (403 FORBIDDEN otherwise). The caller's name
 * from the token is the actor of every change it makes (a {@code "by"} in the body is ignored). With
 * {@code tokens} null, API security is off and every caller is an unnamed supervisor.
 *
 * <p>Thread-safe; the principal is kept in the request's attributes.
 */
final class Access {
    private static final String PRINCIPAL = "telematics.principal";
    private final ApiTokens tokens;

    Access(ApiTokens tokens) {
        this.tokens = tokens;
    }

    boolean enabled() {
        return tokens != null;
    }

    /** Before-handler for /api/*: authenticates and checks the permission. */
    void check(Context ctx) {
        String path = normalised(ctx.path());
        if (path.equals("/api/openapi.json")) {
            return;
        }
        ApiPrincipal p;
        if (tokens == null) {
            p = ApiPrincipal.UNAUTHENTICATED_SUPERVISOR;
        } else {
            String auth = ctx.header("Authorization");
            if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                ctx.header("WWW-Authenticate", "Bearer");
                throw new EngineException(ErrorCode.UNAUTHENTICATED, "send 'Authorization: Bearer TOKEN' (a token "
                        + "from `java -jar telematics.jar token --role technician --name NAME`)");
            }
            try {
                p = tokens.verify(auth.substring(7).trim());
            } catch (EngineException e) {
                ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                throw e;
            }
        }
        ApiPermission needed = required(ctx.method(), path);
        if (!p.role().allows(needed)) {
            throw new EngineException(ErrorCode.FORBIDDEN, "a " + p.role().label() + " may not do this ("
                    + needed + " needed): " + ctx.method() + " " + path);
        }
        ctx.attribute(PRINCIPAL, p);
    }

    /**
     * The permission a request needs: reading needs READ, except command results and a vehicle's live state
     * (REMOTE_DIAGNOSE);
     * sending commands needs REMOTE_DIAGNOSE; assignment, SLA overrides and statistics resets need
     * SUPERVISE; every other change WORK_CASES.
     */
    static ApiPermission required(HandlerType method, String rawPath) {
        String path = normalised(rawPath);
        boolean commands = path.startsWith("/api/cases/") && path.contains("/commands")
                || path.startsWith("/api/vehicles/") && path.endsWith("/state");
        if (method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS) {
            return commands ? ApiPermission.REMOTE_DIAGNOSE : ApiPermission.READ;
        }
        if (commands) {
            return ApiPermission.REMOTE_DIAGNOSE;
        }
        if (path.endsWith("/assign") || path.endsWith("/sla") || path.equals("/api/stats/reset-latency")) {
            return ApiPermission.SUPERVISE;
        }
        return ApiPermission.WORK_CASES;
    }

    /**
     * The path as the router matches it: Javalin ignores trailing slashes (and empty segments), so
     * {@code /assign/} reaches the assign route and must need what {@code /assign} needs.
     */
    static String normalised(String path) {
        String p = path.replaceAll("/{2,}", "/");
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    static ApiPrincipal principal(Context ctx) {
        ApiPrincipal p = ctx.attribute(PRINCIPAL);
        return p == null ? ApiPrincipal.UNAUTHENTICATED_SUPERVISOR : p;
    }

    /** The actor of a change: the token's name, or (API security off) what the caller said, or null. */
    static String actor(Context ctx, String claimed) {
        ApiPrincipal p = principal(ctx);
        return p.name() != null ? p.name() : claimed;
    }
}

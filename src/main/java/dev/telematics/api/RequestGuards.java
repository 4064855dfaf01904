package dev.telematics.api;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/**
 * Checks every request passes before it is routed. Stateless; called on Jetty's request threads.
 */
final class RequestGuards {
    /**
     * Headers some frameworks read as "treat this request as another method". Javalin routes by
     * {@code X-HTTP-Method-Override}, so {@code GET /api/cases/SC-1/acknowledge} with
     * {@code X-HTTP-Method-Override: POST} would reach the POST route: a GET that changes a case (and
     * escapes the permission and content-type checks for changes). The API honours the real method only.
     */
    static final List<String> METHOD_OVERRIDES = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

    private RequestGuards() {
    }

    /** Before every route: a request carrying a method-override header is refused (400 METHOD_OVERRIDE_REFUSED). */
    static void refuseMethodOverride(Context ctx) {
        for (String h : METHOD_OVERRIDES) {
            if (ctx.req().getHeader(h) != null) {
                throw new EngineException(ErrorCode.METHOD_OVERRIDE_REFUSED, "the API does not honour " + h
                        + ": send the request with its real method (" + ctx.req().getMethod() + " was sent)");
            }
        }
    }

    /**
     * Before /api/*: every POST must be declared JSON, with or without a body. A browser cannot send that
     * cross-site without a CORS preflight, which this server does not grant, so another web page cannot
     * move cases with a technician's browser (also when API security is off).
     */
    static void requireJson(Context ctx) {
        if (ctx.req().getMethod().equalsIgnoreCase("POST") && !isJson(ctx.contentType())) {
            throw new EngineException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "a POST must be sent as Content-Type: application/json (also without a body)");
        }
    }

    /**
     * True for {@code application/json}, in any letter case, with or without parameters
     * ({@code application/json; charset=utf-8}); false for anything else, also {@code application/jsonx}
     * or {@code application/json-patch+json}.
     */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.toLowerCase(Locale.ROOT).equals("application/json");
    }
}

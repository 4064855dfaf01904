package dev.telematics.api;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers every response carries (console, API, /health, /metrics, errors). The console loads only
 * its own script and style sheet (no inline code, no inline styles, no other origin) and calls only its
 * own origin, so its policy allows exactly that; JSON answers are never rendered, so the same headers
 * cost them nothing. Stateless.
 */
final class SecurityHeaders {
    /** What a browser may load and do for a page of this server. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    static final Map<String, String> HEADERS = headers();

    private SecurityHeaders() {
    }

    private static Map<String, String> headers() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        m.put("X-Frame-Options", "DENY");                 // no framing (clickjacking), for browsers without frame-ancestors
        m.put("X-Content-Type-Options", "nosniff");       // a JSON answer is never read as a script or a page
        m.put("Referrer-Policy", "no-referrer");          // case numbers and VINs in URLs stay here
        return Collections.unmodifiableMap(m);
    }

    /** Before every request, so that errors (401, 404, 400) carry them too. */
    static void apply(Context ctx) {
        HEADERS.forEach(ctx::header);
    }
}

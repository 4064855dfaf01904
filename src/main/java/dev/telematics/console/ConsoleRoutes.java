package dev.telematics.console;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.HashMap;

/**
 * The technician console: a static page (resources {@code console/}) that uses the case API. Served at
 * {@code /console}; {@code /} redirects there. The files are read once at start.
 */
public final class ConsoleRoutes {
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");
    private final Map<String, byte[]> content;

    public ConsoleRoutes() {
        Map<String, byte[]> m = new HashMap<>();
        for (String f : FILES.keySet()) {
            m.put(f, read("/console/" + f));
        }
        this.content = Map.copyOf(m);
    }

    public void register(Javalin app) {
        app.get("/", ctx -> ctx.redirect("/console"));
        app.get("/console", ctx -> serve(ctx, "index.html"));
        app.get("/console/", ctx -> serve(ctx, "index.html"));
        app.get("/console/console.js", ctx -> serve(ctx, "console.js"));
        app.get("/console/console.css", ctx -> serve(ctx, "console.css"));
    }

    private void serve(io.javalin.http.Context ctx, String file) {
        ctx.contentType(FILES.get(file)).header("Cache-Control", "no-cache").result(content.get(file));
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new EngineException(ErrorCode.CONFIG_INVALID, "console resource missing from the jar: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new EngineException(ErrorCode.CONFIG_INVALID, "cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}

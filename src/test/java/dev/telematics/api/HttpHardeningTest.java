package dev.telematics.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseStatus;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.cases.Evidence;
import dev.telematics.engine.Engine;
import dev.telematics.rules.Rule;
import dev.telematics.rules.RuleFiring;
import dev.telematics.testing.TestEngines;
import dev.telematics.testing.TestFirings;
import dev.telematics.vehicle.Vin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP hardening of issue 14 over real HTTP against a running engine (API security off, so every
 * caller is a supervisor): no method overrides, exactly application/json, strict version numbers,
 * bounded SLA dates, and the security headers on every answer.
 */
class HttpHardeningTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger CARS = new AtomicInteger();
    private static Engine engine;

    @BeforeAll
    static void start() {
        engine = TestEngines.started(Engine.builder(TestEngines.config()));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String code() {
            return body == null ? null : body.path("error").path("code").asText(null);
        }

        String message() {
            return body == null ? "" : body.path("error").path("message").asText("");
        }
    }

    private static Reply send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.httpPort() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json") && !r.body().isEmpty()) {
            json = JSON.readTree(r.body());
        }
        return new Reply(r.statusCode(), json, r);
    }

    private static Reply post(String path, String body) throws Exception {
        return send("POST", path, body, "Content-Type", "application/json");
    }

    private static DiagnosticCase openCase() {
        Rule rule = engine.rules().rules().all().stream().filter(r -> r.id().equals("lv-battery-low")).findFirst()
                .orElseThrow();
        Evidence ev = TestFirings.evidence(Instant.now());
        String vin = String.format("LRWHTTP%010d", CARS.incrementAndGet());
        return engine.cases().intake().recordFiring(new RuleFiring(rule.meta(), Vin.of(vin), 0, Map.of()), ev)
                .diagnosticCase();
    }

    private static DiagnosticCase stored(DiagnosticCase c) {
        return engine.cases().workflow().get(c.number());
    }

    @Test
    void getWithAMethodOverrideHeader_isRefused_andChangesNothing() throws Exception {
        DiagnosticCase c = openCase();
        String path = "/api/cases/" + c.number() + "/acknowledge";
        for (String header : RequestGuards.METHOD_OVERRIDES) {
            for (String value : new String[] {"POST", "post"}) {
                Reply r = send("GET", path, null, header, value, "Content-Type", "application/json");
                assertEquals(400, r.status(), header + ": " + r.raw().body());
                assertEquals("METHOD_OVERRIDE_REFUSED", r.code());
                assertTrue(r.message().contains(header), r.message());
            }
        }
        Reply note = send("GET", "/api/cases/" + c.number() + "/notes", null, "X-HTTP-Method-Override", "POST",
                "Content-Type", "application/json");
        assertEquals("METHOD_OVERRIDE_REFUSED", note.code());
        assertEquals(CaseStatus.OPEN, stored(c).status(), "a GET never changes a case");
        assertEquals(c.version(), stored(c).version());
        assertTrue(stored(c).notes().isEmpty());
        // also the other way round, and outside /api: the header is refused wherever it comes
        assertEquals("METHOD_OVERRIDE_REFUSED", send("POST", "/api/cases/" + c.number(), "{}",
                "Content-Type", "application/json", "X-HTTP-Method-Override", "GET").code());
        assertEquals("METHOD_OVERRIDE_REFUSED", send("GET", "/health", null, "X-Method-Override", "DELETE").code());
        // the real method still works
        Reply ack = post(path, "{}");
        assertEquals(200, ack.status(), ack.raw().body());
        assertEquals(CaseStatus.ACKNOWLEDGED, stored(c).status());
    }

    @Test
    void onlyApplicationJson_isJson_withAnyCaseAndParameters() throws Exception {
        DiagnosticCase c = openCase();
        String path = "/api/cases/" + c.number() + "/notes";
        for (String type : new String[] {"application/jsonx", "application/json-patch+json", "application/json5",
                "application/jsonp; charset=utf-8", "text/json", "application/x-www-form-urlencoded", "", "application"}) {
            Reply r = send("POST", path, "{\"text\":\"x\"}", "Content-Type", type.isEmpty() ? "text/plain" : type);
            assertEquals(415, r.status(), type + ": " + r.raw().body());
            assertEquals("UNSUPPORTED_MEDIA_TYPE", r.code());
        }
        assertTrue(stored(c).notes().isEmpty());
        for (String type : new String[] {"application/json", "Application/JSON", "application/json; charset=utf-8",
                "APPLICATION/JSON;charset=UTF-8", " application/json "}) {
            Reply r = send("POST", path, "{\"text\":\"" + type.trim() + "\"}", "Content-Type", type);
            assertEquals(201, r.status(), type + ": " + r.raw().body());
        }
        assertEquals(5, stored(c).notes().size());
        assertTrue(RequestGuards.isJson("application/json"));
        assertFalse(RequestGuards.isJson(null));
        assertFalse(RequestGuards.isJson("application/jsonx"));
    }

    @Test
    void versionThatIsNoLong_is400NamingTheField_notAStaleUpdate() throws Exception {
        DiagnosticCase c = openCase();
        String path = "/api/cases/" + c.number() + "/acknowledge";
        for (String v : new String[] {"99999999999999999999", "9223372036854775808", "-18446744073709551615", "0", "-1",
                "1.5", "1e3", "\"1\"", "true", "[1]"}) {
            Reply r = post(path, "{\"version\":" + v + "}");
            assertEquals(400, r.status(), v + ": " + r.raw().body());
            assertEquals("INVALID_PARAMETER", r.code(), v);
            assertTrue(r.message().contains("'version'"), r.message());
        }
        assertEquals(CaseStatus.OPEN, stored(c).status());
        assertEquals(409, post(path, "{\"version\":" + Long.MAX_VALUE + "}").status(), "a real but wrong version: STALE_UPDATE");
        Reply ok = post(path, "{\"version\":" + c.version() + "}");
        assertEquals(200, ok.status(), ok.raw().body());
    }

    @Test
    void slaTargetsOutsideADayAgoToYear9999_are400() throws Exception {
        DiagnosticCase c = openCase();
        String path = "/api/cases/" + c.number() + "/sla";
        Instant now = Instant.now();
        for (String at : new String[] {"+999999999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
                now.minus(Duration.ofDays(2)).toString(), "1970-01-01T00:00:00Z"}) {
            for (String field : new String[] {"acknowledgeBy", "outcomeBy"}) {
                Reply r = post(path, "{\"" + field + "\":\"" + at + "\",\"reason\":\"owner abroad\"}");
                assertEquals(400, r.status(), at + ": " + r.raw().body());
                assertEquals("INVALID_PARAMETER", r.code());
                assertTrue(r.message().contains("'" + field + "'") && r.message().contains("9999-12-31T23:59:59Z"),
                        r.message());
            }
        }
        assertEquals(c.work().outcomeBy(), stored(c).work().outcomeBy(), "nothing was overridden");
        assertEquals(c.version(), stored(c).version());
        Instant tomorrow = now.plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Reply ok = post(path, "{\"acknowledgeBy\":\"" + tomorrow + "\",\"outcomeBy\":\"9999-12-31T23:59:59Z\","
                + "\"reason\":\"owner abroad\"}");
        assertEquals(200, ok.status(), ok.raw().body());
        assertEquals(tomorrow, stored(c).work().acknowledgeBy());
        assertEquals(Instant.parse("9999-12-31T23:59:59Z"), stored(c).work().outcomeBy());
        Reply hourAgo = post(path, "{\"acknowledgeBy\":\"" + now.minus(Duration.ofHours(1)) + "\",\"reason\":\"missed\"}");
        assertEquals(200, hourAgo.status(), "a target just missed may be recorded: " + hourAgo.raw().body());
    }

    @Test
    void everyAnswer_carriesTheSecurityHeaders_consoleIncluded() throws Exception {
        DiagnosticCase c = openCase();
        List<Reply> answers = List.of(send("GET", "/console", null), send("GET", "/console/console.js", null),
                send("GET", "/console/console.css", null), send("GET", "/api/cases", null),
                send("GET", "/api/cases/" + c.number(), null), send("GET", "/api/nothing-here", null),
                send("GET", "/health", null), send("GET", "/metrics", null),
                send("POST", "/api/cases/" + c.number() + "/notes", "{}", "Content-Type", "text/plain"),
                send("GET", "/health", null, "X-HTTP-Method-Override", "POST"));
        for (Reply r : answers) {
            String what = r.raw().request().method() + " " + r.raw().uri().getPath() + " " + r.status();
            assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY,
                    r.raw().headers().firstValue("Content-Security-Policy").orElse(null), what);
            assertEquals("DENY", r.raw().headers().firstValue("X-Frame-Options").orElse(null), what);
            assertEquals("nosniff", r.raw().headers().firstValue("X-Content-Type-Options").orElse(null), what);
            assertEquals("no-referrer", r.raw().headers().firstValue("Referrer-Policy").orElse(null), what);
        }
        assertEquals(200, answers.get(0).status());
        String csp = SecurityHeaders.CONTENT_SECURITY_POLICY;
        assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'")
                && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe"), csp);
    }

    /** The policy forbids inline code: the console's page must have none (ConsoleBrowserTest runs it under the policy). */
    @Test
    void consolePage_hasNoInlineScriptOrStyle_soThePolicyLetsItWork() throws IOException {
        String html = resource("/console/index.html");
        assertNotNull(html);
        assertFalse(Pattern.compile("<script(?![^>]*\\ssrc=)", Pattern.CASE_INSENSITIVE).matcher(html).find(), "inline script");
        assertFalse(Pattern.compile("<style|\\sstyle=|\\son[a-z]+=|javascript:", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "inline style or handler");
        String js = resource("/console/console.js");
        assertFalse(Pattern.compile("\\beval\\(|new Function|\\.innerHTML|\\.style\\.|setAttribute\\('style'|"
                + "setTimeout\\(['\"`]").matcher(js).find(), "console.js needs something the policy forbids");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HttpHardeningTest.class.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

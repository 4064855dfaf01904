package dev.telematics.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.cases.Evidence;
import dev.telematics.engine.Engine;
import dev.telematics.rules.Rule;
import dev.telematics.rules.RuleFiring;
import dev.telematics.testing.TestEngines;
import dev.telematics.vehicle.Vin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The technician API over real HTTP against a running engine. */
class CaseApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Engine engine;

    @BeforeAll
    static void start() {
        engine = TestEngines.started(Engine.builder(TestEngines.config()));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private record Reply(int status, JsonNode body) {
    }

    private static Reply call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.httpPort() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        b.header("Content-Type", "application/json");
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    private static DiagnosticCase openCase(String ruleId, String vin) {
        Rule rule = engine.rules().rules().all().stream().filter(r -> r.id().equals(ruleId)).findFirst().orElseThrow();
        Evidence ev = new Evidence(Instant.now(), Map.of("value", 11.2), Map.of("Vehicle.Speed", 0.0), Map.of(),
                Map.of(), java.util.List.of(), java.util.List.of());
        return engine.cases().intake().recordFiring(new RuleFiring(rule.meta(), Vin.of(vin), 0, Map.of()), ev).diagnosticCase();
    }

    private static void assertError(Reply r, int status, String code) {
        assertEquals(status, r.status(), String.valueOf(r.body()));
        assertEquals(code, r.body().path("error").path("code").asText(), String.valueOf(r.body()));
        assertEquals(status, r.body().path("error").path("status").asInt());
        assertTrue(!r.body().path("error").path("message").asText().isEmpty());
    }

    @Test
    void health_isUpOnceBrokerAndRulesAreUp() throws Exception {
        Reply r = call("GET", "/health", null);
        assertEquals(200, r.status());
        assertEquals("UP", r.body().get("status").asText());
    }

    @Test
    void listCases_filtersByStatusSeverityAndVin() throws Exception {
        DiagnosticCase lv = openCase("lv-battery-low", "LRWAPXX0000000001");
        openCase("hv-isolation-fault", "LRWAPXX0000000002");
        Reply all = call("GET", "/api/cases", null);
        assertEquals(200, all.status());
        assertTrue(all.body().get("count").asInt() >= 2);
        Reply byVin = call("GET", "/api/cases?vin=LRWAPXX0000000001", null);
        assertEquals(1, byVin.body().get("count").asInt());
        assertEquals(lv.number(), byVin.body().get("cases").get(0).get("number").asText());
        Reply critical = call("GET", "/api/cases?severity=critical&status=open&vin=LRWAPXX0000000002", null);
        assertEquals(1, critical.body().get("count").asInt());
        assertEquals("hv-isolation-fault", critical.body().get("cases").get(0).get("ruleId").asText());
        assertEquals(0, call("GET", "/api/cases?severity=critical&vin=LRWAPXX0000000001", null).body().get("count").asInt());
    }

    @Test
    void badFilters_areRejectedWith400() throws Exception {
        assertError(call("GET", "/api/cases?status=SLEEPING", null), 400, "INVALID_PARAMETER");
        assertError(call("GET", "/api/cases?vin=OOPS", null), 400, "INVALID_PARAMETER");
        assertError(call("GET", "/api/cases?limit=0", null), 400, "INVALID_PARAMETER");
        assertError(call("GET", "/api/cases?limit=ten", null), 400, "INVALID_PARAMETER");
    }

    @Test
    void caseDetail_showsEvidence_unknownCaseIs404() throws Exception {
        DiagnosticCase c = openCase("lv-battery-low", "LRWAPXX0000000003");
        Reply r = call("GET", "/api/cases/" + c.number(), null);
        assertEquals(200, r.status());
        assertEquals(11.2, r.body().path("evidence").path("trigger").path("value").asDouble());
        assertEquals(0.0, r.body().path("evidence").path("signals").path("Vehicle.Speed").asDouble());
        assertEquals(c.number(), call("GET", "/api/cases/" + c.id(), null).body().get("number").asText());
        assertError(call("GET", "/api/cases/SC-999999", null), 404, "CASE_NOT_FOUND");
        assertError(call("GET", "/api/cases/nonsense", null), 404, "CASE_NOT_FOUND");
    }

    @Test
    void workflow_acknowledgeNoteDiagnoseBookClose_staleVersionAndInvalidTransitionAre409() throws Exception {
        DiagnosticCase c = openCase("lv-battery-low", "LRWAPXX0000000004");
        String base = "/api/cases/" + c.number();
        Reply ack = call("POST", base + "/acknowledge", "{\"by\":\"ana\"}");
        assertEquals(200, ack.status());
        assertEquals("ACKNOWLEDGED", ack.body().get("status").asText());
        assertError(call("POST", base + "/acknowledge", "{\"by\":\"ana\"}"), 409, "INVALID_TRANSITION");

        Reply note = call("POST", base + "/notes", "{\"text\":\"Resting voltage 11.4 V, DC-DC suspected\",\"author\":\"ana\"}");
        assertEquals(201, note.status());
        assertEquals("Resting voltage 11.4 V, DC-DC suspected", note.body().get("notes").get(0).get("text").asText());
        assertEquals("ana", note.body().get("notes").get(0).get("author").asText());
        assertError(call("POST", base + "/notes", "{\"author\":\"ana\"}"), 400, "MISSING_FIELD");
        assertError(call("POST", base + "/notes", "{\"text\": "), 400, "INVALID_JSON");
        assertError(call("POST", base + "/notes", "{\"text\": 42}"), 400, "INVALID_PARAMETER");

        Reply diag = call("POST", base + "/transitions", "{\"to\":\"IN_DIAGNOSIS\",\"by\":\"ana\",\"reason\":\"reading the 12 V history\"}");
        assertEquals(200, diag.status(), String.valueOf(diag.body()));
        long version = diag.body().get("version").asLong();
        Reply booked = call("POST", base + "/transitions", "{\"to\":\"service_booked\",\"by\":\"ana\",\"version\":" + version + "}");
        assertEquals("SERVICE_BOOKED", booked.body().get("status").asText());
        assertError(call("POST", base + "/transitions", "{\"to\":\"CLOSED\",\"by\":\"wei\",\"version\":" + version + "}"),
                409, "STALE_UPDATE");
        Reply order = call("GET", base + "/work-order", null);
        assertEquals(200, order.status());
        assertEquals("WO-" + c.number().substring(3), order.body().get("number").asText());
        assertEquals("Resting voltage 11.4 V, DC-DC suspected", order.body().get("notes").get(0).get("text").asText());
        Reply closed = call("POST", base + "/transitions", "{\"to\":\"CLOSED\",\"by\":\"ana\",\"reason\":\"12 V battery replaced\"}");
        assertEquals("CLOSED", closed.body().get("status").asText());
        assertEquals("12 V battery replaced", closed.body().get("events").get(closed.body().get("events").size() - 1)
                .get("detail").asText());
        assertError(call("POST", base + "/transitions", "{\"to\":\"OPEN\"}"), 409, "INVALID_TRANSITION");
        assertError(call("POST", base + "/transitions", "{\"to\":\"FIXED\"}"), 400, "INVALID_PARAMETER");
        assertError(call("POST", base + "/transitions", "{}"), 400, "MISSING_FIELD");
        assertError(call("POST", "/api/cases/SC-999999/transitions", "{\"to\":\"CLOSED\"}"), 404, "CASE_NOT_FOUND");
        assertError(call("POST", base + "/notes", "{\"text\":\"" + "x".repeat(10_001) + "\"}"), 413, "PAYLOAD_TOO_LARGE");
        // a body not declared JSON (what a cross-site form or text/plain fetch sends) is refused
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.httpPort()
                + base + "/notes")).header("Content-Type", "text/plain").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"csrf\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, form.statusCode(), form.body());
        assertEquals(1, engine.cases().workflow().get(c.number()).notes().size());
        // also without a body: an empty cross-site POST (fetch with mode no-cors) must not move a case
        DiagnosticCase other = openCase("lv-battery-low", "LRWAPXX0000000009");
        HttpResponse<String> empty = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.httpPort()
                + "/api/cases/" + other.number() + "/acknowledge")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, empty.statusCode(), empty.body());
        assertEquals(dev.telematics.cases.CaseStatus.OPEN, engine.cases().workflow().get(other.number()).status());
    }

    @Test
    void assignment_toAnUnknownTechnicianIs404_andTechniciansAreListed() throws Exception {
        DiagnosticCase c = openCase("lv-battery-low", "LRWAPXX0000000005");
        String base = "/api/cases/" + c.number();
        assertError(call("POST", base + "/assign", "{\"technician\":\"nobody\"}"), 404, "TECHNICIAN_NOT_FOUND");
        assertError(call("POST", base + "/assign", "{}"), 400, "MISSING_FIELD");
        assertEquals(200, call("GET", "/api/technicians", null).status());
        assertError(call("GET", base + "/work-order", null), 404, "NOT_FOUND");
        Reply bySla = call("GET", "/api/cases?sort=sla&active=true&limit=5&offset=0", null);
        assertEquals(200, bySla.status());
        assertError(call("GET", "/api/cases?sort=random", null), 400, "INVALID_PARAMETER");
        assertError(call("GET", "/api/cases?offset=-1", null), 400, "INVALID_PARAMETER");
    }

    @Test
    void openApiDocument_describesEveryEndpoint() throws Exception {
        Reply doc = call("GET", "/api/openapi.json", null);
        assertEquals(200, doc.status());
        assertEquals("3.0.3", doc.body().get("openapi").asText());
        for (String path : new String[] {"/health", "/api/cases", "/api/cases/{ref}", "/api/cases/{ref}/transitions",
                "/api/cases/{ref}/acknowledge", "/api/cases/{ref}/assign", "/api/cases/{ref}/notes",
                "/api/cases/{ref}/work-order", "/api/technicians", "/api/rules", "/api/stats",
                "/api/stats/reset-latency", "/api/openapi.json"}) {
            assertTrue(doc.body().path("paths").has(path), path);
        }
        JsonNode statuses = doc.body().path("components").path("schemas").path("Status").path("enum");
        assertEquals(dev.telematics.cases.CaseStatus.values().length, statuses.size());
    }

    @Test
    void unknownEndpoint_isJson404_andStatsAreServed() throws Exception {
        assertError(call("GET", "/api/nothing-here", null), 404, "NOT_FOUND");
        Reply stats = call("GET", "/api/stats", null);
        assertEquals(200, stats.status());
        assertTrue(stats.body().path("ingest").has("rejectedByReason"));
        assertTrue(stats.body().path("rules").asInt() >= 10);
    }
}

package dev.telematics.remote;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseEventType;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.engine.Engine;
import dev.telematics.engine.EngineDatabase;
import dev.telematics.security.ApiRole;
import dev.telematics.security.InMemoryCredentialStore;
import dev.telematics.security.Provisioner;
import dev.telematics.simulator.Credentials;
import dev.telematics.simulator.FleetSimulator;
import dev.telematics.simulator.Scenario;
import dev.telematics.simulator.ScenarioLoader;
import dev.telematics.simulator.SimulatorListener;
import dev.telematics.simulator.SimulatorOptions;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Technician roles, owner consent and remote commands end to end: a security-on engine (MQTT credentials
 * and API tokens), simulated cars that answer commands, the owner app over MQTT, the API over HTTP.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class RemoteDiagnosticsEndToEndTest {
    /** Everything the engine logs while this class runs (to prove no secret is ever logged). */
    private static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> LOGGED =
            new ch.qos.logback.core.read.ListAppender<>();
    private static final List<String> SECRETS = new java.util.ArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Scenario SCENARIO = ScenarioLoader.parse("""
            name: remote
            fleet: {size: 2, vinPrefix: LRWREMX}
            publishInterval: 200ms
            duration: 10m
            faults:
              - {vehicle: 1, at: 200ms, dtc: {ecu: BMS, codes: [P0AA6]}, expectRule: hv-isolation-fault}
              - {vehicle: 2, at: 200ms, dtc: {ecu: BMS, codes: [P0AA6]}, expectRule: hv-isolation-fault}
            """, "remote.yaml");
    private static final String CAR = SCENARIO.vinOf(1).value();
    private static final String CAR2 = SCENARIO.vinOf(2).value();
    private static Engine engine;
    private static FleetSimulator fleet;
    private static Provisioner.Issued ownerApp;
    private static String caseOfCar;
    private static String caseOfCar2;
    private static String technician;
    private static String supervisor;
    private static String auditor;

    @BeforeAll
    static void start() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        LOGGED.start();
        root.addAppender(LOGGED);
        InMemoryCredentialStore credentials = new InMemoryCredentialStore();
        Provisioner provisioner = new Provisioner(credentials);
        Map<String, Credentials> secrets = new HashMap<>();
        for (String vin : List.of(CAR, CAR2)) {
            Provisioner.Issued i = provisioner.provision(vin, false);
            secrets.put(vin, new Credentials(i.username(), i.password()));
            SECRETS.add(i.password());
        }
        ownerApp = provisioner.provision(CAR, true);
        SECRETS.add(ownerApp.password());
        engine = TestEngines.started(Engine.builder(TestEngines.config().withSecurity(true))
                .database(EngineDatabase.inMemory(credentials)));
        fleet = new FleetSimulator(SCENARIO, SimulatorOptions.of("tcp://127.0.0.1:" + engine.mqttPort())
                .withCredentials(vin -> Optional.ofNullable(secrets.get(vin.value()))), Clock.systemUTC(),
                new SimulatorListener() { });
        fleet.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> caseOf(CAR) != null && caseOf(CAR2) != null);
        caseOfCar = caseOf(CAR);
        caseOfCar2 = caseOf(CAR2);
        technician = engine.apiTokens().issue("ana", ApiRole.TECHNICIAN, Duration.ofHours(1));
        supervisor = engine.apiTokens().issue("lead", ApiRole.SUPERVISOR, Duration.ofHours(1));
        auditor = engine.apiTokens().issue("audrey", ApiRole.AUDITOR, Duration.ofHours(1));
        SECRETS.addAll(List.of(technician, supervisor, auditor));
    }

    @AfterAll
    static void stop() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .detachAppender(LOGGED);
        if (fleet != null) {
            fleet.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private static String caseOf(String vin) {
        return engine.cases().workflow().list(new dev.telematics.cases.CaseQuery(null, null, vin, null, true, null, null, 0, 10))
                .stream().map(DiagnosticCase::number).findFirst().orElse(null);
    }

    private record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String code() {
            return body == null ? null : body.path("error").path("code").asText();
        }
    }

    private static Reply call(String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.httpPort() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        b.header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), r);
    }

    private static List<String> eventTypes(String caseNumber) {
        return engine.cases().workflow().get(caseNumber).events().stream().map(e -> e.type() + " by " + e.actor()).toList();
    }

    private static void consent(boolean granted) throws Exception {
        try (MqttTestClient app = new MqttTestClient(engine.mqttPort(), ownerApp.username() + "/phone",
                ownerApp.username(), ownerApp.password())) {
            assertTrue(app.publishForReason("vehicles/" + CAR + "/owner/consent",
                    "{\"remoteDiagnostics\":" + granted + "}") < 0x80);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> call(auditor, "GET", "/api/cases/" + caseOfCar + "/consent",
                null).body().path("remoteDiagnostics").asBoolean() == granted);
    }

    private static JsonNode awaitSettled(String caseNumber, String commandId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            last[0] = call(technician, "GET", "/api/cases/" + caseNumber + "/commands/" + commandId, null).body();
            return !"PENDING".equals(last[0].path("status").asText());
        });
        return last[0];
    }

    @Test
    void withoutToken_theApiAnswers401_andAForgedTokenToo() throws Exception {
        Reply none = call(null, "GET", "/api/cases", null);
        assertEquals(401, none.status());
        assertEquals("UNAUTHENTICATED", none.code());
        assertEquals("Bearer", none.raw().headers().firstValue("WWW-Authenticate").orElse(""));
        String forged = technician.substring(0, technician.lastIndexOf('.') + 1) + "AAAA";
        assertEquals(401, call(forged, "GET", "/api/cases", null).status());
        // the payload edited to claim another role: the signature no longer matches
        String[] parts = technician.split("\\.");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
        String promoted = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims.replace("|technician|", "|supervisor|").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + parts[2];
        assertTrue(claims.contains("|technician|"), claims);
        Reply edited = call(promoted, "POST", "/api/cases/" + caseOfCar2 + "/assign", "{\"technician\":\"wei\"}");
        assertEquals(401, edited.status());
        assertTrue(edited.body().path("error").path("message").asText().contains("not signed"));
        assertEquals(200, call(null, "GET", "/health", null).status(), "health stays open for probes");
        assertEquals(200, call(null, "GET", "/api/openapi.json", null).status());
        assertFalse(none.body().toString().contains("tmt1."), "no token in an error");
    }

    @Test
    void auditor_readsCasesButCannotChangeOne() throws Exception {
        Reply read = call(auditor, "GET", "/api/cases/" + caseOfCar2, null);
        assertEquals(200, read.status());
        assertEquals(200, call(auditor, "GET", "/api/cases?active=true", null).status());
        Reply ack = call(auditor, "POST", "/api/cases/" + caseOfCar2 + "/acknowledge", "{}");
        assertEquals(403, ack.status());
        assertEquals("FORBIDDEN", ack.code());
        assertEquals(403, call(auditor, "POST", "/api/cases/" + caseOfCar2 + "/notes", "{\"text\":\"x\"}").status());
        assertEquals(403, call(auditor, "POST", "/api/cases/" + caseOfCar2 + "/commands",
                "{\"command\":\"SNAPSHOT\"}").status());
        DiagnosticCase after = engine.cases().workflow().get(caseOfCar2);
        assertTrue(after.notes().isEmpty());
        assertFalse(eventTypes(caseOfCar2).stream().anyMatch(t -> t.endsWith("by audrey")), eventTypes(caseOfCar2).toString());
        assertEquals(read.body().path("status").asText(), after.status().name());
    }

    @Test
    void technicianWorksCases_butOnlyASupervisorReassignsOrOverridesSlas() throws Exception {
        Reply note = call(technician, "POST", "/api/cases/" + caseOfCar2 + "/notes",
                "{\"text\":\"checked the isolation history\",\"author\":\"someone-else\"}");
        assertEquals(201, note.status());
        assertEquals("ana", note.body().path("notes").get(0).path("author").asText(), "the actor is the token's name");
        Reply assign = call(technician, "POST", "/api/cases/" + caseOfCar2 + "/assign", "{\"technician\":\"wei\"}");
        assertEquals(403, assign.status());
        assertEquals("FORBIDDEN", assign.code());
        Reply sla = call(supervisor, "POST", "/api/cases/" + caseOfCar2 + "/sla",
                "{\"outcomeBy\":\"2099-01-01T00:00:00Z\",\"reason\":\"owner is abroad until January\"}");
        assertEquals(200, sla.status(), String.valueOf(sla.body()));
        assertEquals("2099-01-01T00:00:00Z", engine.cases().workflow().get(caseOfCar2).work().outcomeBy().toString());
        assertTrue(eventTypes(caseOfCar2).contains("SLA_OVERRIDDEN by lead"));
        assertEquals(403, call(technician, "POST", "/api/cases/" + caseOfCar2 + "/sla",
                "{\"outcomeBy\":\"2099-01-01T00:00:00Z\",\"reason\":\"x\"}").status());
        // the router ignores trailing slashes and empty segments: so do the permissions
        assertEquals(403, call(technician, "POST", "/api/cases/" + caseOfCar2 + "/sla/",
                "{\"outcomeBy\":\"2099-01-01T00:00:00Z\",\"reason\":\"x\"}").status());
        assertEquals(403, call(technician, "POST", "/api/cases/" + caseOfCar2 + "/assign//", "{\"technician\":\"wei\"}")
                .status());
        assertEquals(403, call(technician, "POST", "/api/stats/reset-latency/", null).status());
        assertEquals(403, call(auditor, "POST", "/api/cases/" + caseOfCar2 + "/notes/", "{\"text\":\"x\"}").status());
        assertEquals(403, call(auditor, "GET", "/api/cases/" + caseOfCar2 + "/commands/", null).status());
        Reply whoami = call(technician, "GET", "/api/whoami", null);
        assertEquals("technician", whoami.body().path("role").asText());
    }

    @Test
    void technicianWithoutConsent_cannotPullLiveData_withConsentTheCarAnswers() throws Exception {
        Reply refused = call(technician, "POST", "/api/cases/" + caseOfCar + "/commands", "{\"command\":\"SNAPSHOT\"}");
        assertEquals(403, refused.status());
        assertEquals("CONSENT_REQUIRED", refused.code());
        assertTrue(eventTypes(caseOfCar).contains("ACCESS_REFUSED by ana"), eventTypes(caseOfCar).toString());
        assertEquals(403, call(technician, "POST", "/api/cases/" + caseOfCar + "/commands",
                "{\"command\":\"READ_DTCS\"}").status());

        consent(true);
        assertTrue(eventTypes(caseOfCar).contains("CONSENT_GRANTED by owner"));
        Reply sent = call(technician, "POST", "/api/cases/" + caseOfCar + "/commands", "{\"command\":\"SNAPSHOT\"}");
        assertEquals(202, sent.status(), String.valueOf(sent.body()));
        assertEquals("PENDING", sent.body().path("status").asText());
        JsonNode snapshot = awaitSettled(caseOfCar, sent.body().path("id").asText());
        assertEquals("ANSWERED", snapshot.path("status").asText(), snapshot.toString());
        assertTrue(snapshot.path("result").path("signals").has("Vehicle.Speed"), snapshot.toString());

        Reply read = call(technician, "POST", "/api/cases/" + caseOfCar + "/commands", "{\"command\":\"READ_DTCS\"}");
        JsonNode dtcs = awaitSettled(caseOfCar, read.body().path("id").asText());
        assertEquals("ANSWERED", dtcs.path("status").asText());
        assertEquals("P0AA6", dtcs.path("result").path("dtcs").get(0).path("codes").get(0).asText());
        List<String> events = eventTypes(caseOfCar);
        assertTrue(events.contains("COMMAND_SENT by ana"), events.toString());
        assertTrue(events.contains("COMMAND_ANSWERED by engine"), events.toString());
        assertTrue(engine.cases().workflow().get(caseOfCar).events().stream().anyMatch(e -> e.type() == CaseEventType.COMMAND_ANSWERED
                && e.detail().contains("1 DTCs: P0AA6 (BMS)")));
        assertEquals(403, call(auditor, "GET", "/api/cases/" + caseOfCar + "/commands", null).status(),
                "command results are live data: not for auditors");

        Reply clear = call(technician, "POST", "/api/cases/" + caseOfCar + "/commands", "{\"command\":\"CLEAR_DTCS\"}");
        assertEquals(409, clear.status(), "DTCs are cleared only after a repair");

        consent(false);
        Reply again = call(technician, "POST", "/api/cases/" + caseOfCar + "/commands", "{\"command\":\"SNAPSHOT\"}");
        assertEquals(403, again.status());
        assertEquals("CONSENT_REQUIRED", again.code());
        assertTrue(eventTypes(caseOfCar).contains("CONSENT_WITHDRAWN by owner"));
        JsonNode history = call(auditor, "GET", "/api/cases/" + caseOfCar + "/consent", null).body().path("history");
        assertFalse(history.get(0).path("remoteDiagnostics").asBoolean(), "newest first: withdrawn");
        assertTrue(history.get(1).path("remoteDiagnostics").asBoolean());
    }

    @Test
    void badCommandRequests_getClearErrors() throws Exception {
        Reply unknown = call(technician, "POST", "/api/cases/" + caseOfCar2 + "/commands", "{\"command\":\"REBOOT\"}");
        assertEquals(400, unknown.status());
        assertEquals("INVALID_PARAMETER", unknown.code());
        assertTrue(unknown.body().path("error").path("message").asText().contains("READ_DTCS"));
        assertEquals("MISSING_FIELD", call(technician, "POST", "/api/cases/" + caseOfCar2 + "/commands", "{}").code());
        assertEquals(404, call(technician, "GET", "/api/cases/" + caseOfCar2 + "/commands/CMD-nope", null).status());
        assertEquals(404, call(technician, "POST", "/api/cases/SC-999999/commands", "{\"command\":\"SNAPSHOT\"}").status());
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // after the others have logged their refusals and commands
    void secretsAndTokens_neverAppearInLogsOrApiResponses() throws Exception {
        call(null, "GET", "/api/cases", null);
        call(technician.substring(0, 30) + "garbled", "GET", "/api/cases", null);
        // a car trying its owner app's secret: refused, and the refusal is logged (without the secret)
        org.junit.jupiter.api.Assertions.assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class,
                () -> new MqttTestClient(engine.mqttPort(), CAR, CAR, ownerApp.password()).close());
        await().atMost(Duration.ofSeconds(5)).until(() -> List.copyOf(LOGGED.list).stream()
                .anyMatch(e -> e.getFormattedMessage().contains("refused at connect")));
        StringBuilder everything = new StringBuilder();
        for (var e : List.copyOf(LOGGED.list)) {
            everything.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                everything.append(e.getThrowableProxy().getMessage()).append('\n');
            }
        }
        everything.append(call(supervisor, "GET", "/api/stats", null).body());
        everything.append(call(supervisor, "GET", "/api/cases/" + caseOfCar, null).body());
        everything.append(call(supervisor, "GET", "/api/cases/" + caseOfCar + "/commands", null).body());
        everything.append(call(supervisor, "GET", "/api/whoami", null).body());
        assertTrue(everything.indexOf("client " + CAR + " refused at connect") >= 0, "the refusal was logged");
        for (String secret : SECRETS) {
            assertFalse(everything.indexOf(secret) >= 0, "a secret appeared in a log line or an API response");
            assertFalse(everything.indexOf(secret.substring(secret.length() - 16)) >= 0, "part of a secret appeared");
        }
    }
}

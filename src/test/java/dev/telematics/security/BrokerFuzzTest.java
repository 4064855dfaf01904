package dev.telematics.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.cases.CaseQuery;
import dev.telematics.cases.CaseStatus;
import dev.telematics.engine.Engine;
import dev.telematics.engine.EngineDatabase;
import dev.telematics.ingest.IngestStats;
import dev.telematics.handoff.RejectReason;
import dev.telematics.handoff.OwnerWarning;
import dev.telematics.security.MalformedPayloads.Fuzz;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.RawMqttClient;
import dev.telematics.testing.TestEngines;
import dev.telematics.vehicle.Vin;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing the MQTT entry with security on and no rate limit (the shipped defaults but for the limit),
 * deterministic with a fixed seed: 10,000 malformed payloads from an authenticated car and its owner app
 * on their own topics, then a few hundred foreign, spoofed and malformed topics, the malformed ones as
 * hand-built MQTT packets on a raw socket. Every malformed message is rejected and counted by reason,
 * nothing opens a case or warns an owner, the engine stays healthy, and good messages still get through.
 */
class BrokerFuzzTest {
    private static final long SEED = 0x7E1E_2026_1122L;
    private static final int PAYLOADS = 10_000;
    private static final int RANDOM_TOPICS = 300;
    /** Paho's publishes in flight per client, well below the broker's receive maximum (1000). */
    private static final int WINDOW = 200;
    private static final String CAR = "LRWFUZX0000000001";
    private static final String OTHER = "LRWFUZX0000000002";
    private static final String UNPROVISIONED = "LRWFUZX0000000003";
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int MALFORMED_PACKET = 0x81;
    private static final int PROTOCOL_ERROR = 0x82;
    private static final int TOPIC_NAME_INVALID = 0x90;

    private static final InMemoryCredentialStore CREDENTIALS = new InMemoryCredentialStore();
    private static final List<OwnerWarning> WARNINGS = new CopyOnWriteArrayList<>();
    private static Engine engine;
    private static Provisioner.Issued car;
    private static Provisioner.Issued app;
    private static Provisioner.Issued other;

    @BeforeAll
    static void start() {
        Provisioner provisioner = new Provisioner(CREDENTIALS);
        car = provisioner.provision(CAR, false);
        app = provisioner.provision(CAR, true);
        other = provisioner.provision(OTHER, false);
        engine = TestEngines.started(Engine.builder(TestEngines.config().withSecurity(true).withMaxMessagesPerSecond(0))
                .database(EngineDatabase.inMemory(CREDENTIALS)).warningListener(WARNINGS::add));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    // ---- payloads

    @Test
    void tenThousandMalformedPayloads_onTheCarsOwnTopics_areEachRejectedByReason_openNoCase_andAGoodMessageIsStillProcessed()
            throws Exception {
        MalformedPayloads generator = new MalformedPayloads(SEED, System.currentTimeMillis());
        List<Fuzz> fuzz = new ArrayList<>(PAYLOADS);
        for (int i = 0; i < PAYLOADS; i++) {
            fuzz.add(generator.next());
        }
        Map<String, Long> reasons = new TreeMap<>();
        Map<String, Long> problems = new TreeMap<>();
        Map<String, Long> dropped = new TreeMap<>();
        Map<String, Long> categories = new TreeMap<>();
        long unknownSignals = 0;
        long invalidValues = 0;
        long bytes = 0;
        long answers = 0; // command answers nobody asked for go to the remote commands, not to ingest
        for (Fuzz f : fuzz) {
            if (f.expected() == null) {
                answers++;
            } else {
                reasons.merge(f.expected().name(), 1L, Long::sum);
            }
            f.dtcProblems().forEach((p, n) -> problems.merge(p.name(), (long) n, Long::sum));
            f.droppedSamples().forEach((r, n) -> dropped.merge(r.name(), (long) n, Long::sum));
            categories.merge(f.target().suffix + ":" + f.category(), 1L, Long::sum);
            unknownSignals += f.unknownSignals();
            invalidValues += f.invalidSignalValues();
            bytes += f.payload().length;
        }
        IngestStats.Snapshot before = engine.ingestStats().snapshot();
        long unmatchedBefore = unmatchedAnswers();
        long ingested = PAYLOADS - answers;
        int vehiclesBefore = engine.vehicles().size();
        long started = System.nanoTime();
        try (MqttTestClient carClient = new MqttTestClient(engine.mqttPort(), CAR, CAR, car.password());
             MqttTestClient appClient = new MqttTestClient(engine.mqttPort(), app.username() + "/fuzz", app.username(),
                     app.password())) {
            carClient.subscribe("vehicles/" + CAR + "/warnings");
            appClient.subscribe("vehicles/" + CAR + "/warnings");
            int taken = publishAll(carClient, fuzz.stream().filter(f -> !f.target().ownerApp).toList())
                    + publishAll(appClient, fuzz.stream().filter(f -> f.target().ownerApp).toList());
            // the acknowledgement contract: every malformed message is answered with a failure reason code (MQTT 5
            // PUBACK 0x90 / 0x99), so the car can tell; only the answers to commands, taken as they are, succeed
            assertEquals(answers, taken, "only the command answers are acknowledged with success");
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    engine.ingestStats().snapshot().received() - before.received() == ingested && engine.idle());
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            IngestStats.Snapshot after = engine.ingestStats().snapshot();
            System.out.printf("fuzz: %d malformed payloads (%.1f MB) published and rejected in %d ms; rejected by reason %s;"
                    + " DTC problems %s; dropped batch samples %s; unknown signals %d, invalid values %d; categories %s%n",
                    PAYLOADS, bytes / 1e6, elapsedMs, delta(before.rejectedByReason(), after.rejectedByReason()),
                    delta(before.dtcProblems(), after.dtcProblems()),
                    delta(before.droppedSamplesByReason(), after.droppedSamplesByReason()),
                    after.unknownSignals() - before.unknownSignals(),
                    after.invalidSignalValues() - before.invalidSignalValues(), categories);

            assertEquals(0, after.processed() - before.processed(), "no malformed message is processed");
            assertEquals(ingested, after.rejected() - before.rejected(), "every malformed message is rejected");
            @SuppressWarnings("unchecked")
            Map<String, Long> failureAcks = (Map<String, Long>) ((Map<String, Object>) engine.statsSnapshot().get("broker"))
                    .get("failureAcksByReason");
            assertEquals(ingested, failureAcks.values().stream().mapToLong(Long::longValue).sum(),
                    "every rejected message got a failure acknowledgement: " + failureAcks);
            assertTrue(answers > 0);
            assertEquals(answers, unmatchedAnswers() - unmatchedBefore, "every answer to no command is counted and dropped");
            assertEquals(reasons, delta(before.rejectedByReason(), after.rejectedByReason()), "rejections by reason");
            assertEquals(problems, delta(before.dtcProblems(), after.dtcProblems()), "DTC problems");
            assertEquals(dropped, delta(before.droppedSamplesByReason(), after.droppedSamplesByReason()),
                    "dropped samples of batches");
            assertEquals(unknownSignals, after.unknownSignals() - before.unknownSignals(), "unknown signals");
            assertEquals(invalidValues, after.invalidSignalValues() - before.invalidSignalValues(), "invalid signal values");
            assertEquals(vehiclesBefore, engine.vehicles().size(), "no vehicle state for rejected messages");
            assertEngineHealthyWithNoCaseAndNoWarning();

            // the same car's next good message is processed
            String good = "{\"ts\":" + System.currentTimeMillis() + ",\"seq\":1,\"signals\":{\"Vehicle.Speed\":42.5,"
                    + "\"Vehicle.LowVoltageBattery.CurrentVoltage\":12.6}}";
            assertTrue(carClient.publishForReason("vehicles/" + CAR + "/telemetry", good) < 0x80);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    engine.ingestStats().snapshot().processed() == after.processed() + 1);
            assertEquals(42.5, engine.vehicles().stateOf(new Vin(CAR)).latest("Vehicle.Speed").value());
            assertEngineHealthyWithNoCaseAndNoWarning();
            assertTrue(carClient.received().isEmpty() && appClient.received().isEmpty(), "no warning reached the car or app");
            assertTrue(carClient.isConnected() && appClient.isConnected(), "malformed payloads cost no connection");
        }
    }

    @Test
    void commandAnswerToNoCommand_isCountedAndDropped_andTheOwnersConsentIsRecorded_neitherIsAnEngineError()
            throws Exception {
        long unmatched = unmatchedAnswers();
        long processed = engine.ingestStats().snapshot().processed();
        try (MqttTestClient carClient = new MqttTestClient(engine.mqttPort(), CAR, CAR, car.password());
             MqttTestClient appClient = new MqttTestClient(engine.mqttPort(), app.username() + "/consent", app.username(),
                     app.password())) {
            assertTrue(carClient.publishForReason("vehicles/" + CAR + "/commands/response", "{\"result\":\"ok\"}") < 0x80);
            assertTrue(appClient.publishForReason("vehicles/" + CAR + "/owner/consent", "{\"remoteDiagnostics\":true}") < 0x80);
            await().atMost(Duration.ofSeconds(10)).until(() -> unmatchedAnswers() == unmatched + 1
                    && engine.ingestStats().snapshot().processed() == processed + 1);
            assertEquals(0, engine.ingestStats().rejectedCount(RejectReason.PROCESSING_ERROR));
            assertTrue(carClient.isConnected() && appClient.isConnected());
        }
    }

    private static long unmatchedAnswers() {
        return (Long) engine.commands().snapshot().get("unmatchedAnswers");
    }

    /** Publishes at QoS 1 with at most {@link #WINDOW} in flight; returns how many the broker acknowledged as taken. */
    private static int publishAll(MqttTestClient client, List<Fuzz> messages) throws Exception {
        Deque<IMqttToken> inFlight = new ArrayDeque<>();
        int taken = 0;
        for (Fuzz f : messages) {
            if (inFlight.size() >= WINDOW) {
                taken += settled(inFlight.poll());
            }
            inFlight.add(client.publishAsync("vehicles/" + CAR + "/" + f.target().suffix, f.payload()));
        }
        while (!inFlight.isEmpty()) {
            taken += settled(inFlight.poll());
        }
        return taken;
    }

    private static int settled(IMqttToken token) throws Exception {
        token.waitForCompletion(30_000);
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 || codes[0] < 0x80 ? 1 : 0;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> {
            long n = v - before.getOrDefault(k, 0L);
            if (n != 0) {
                d.put(k, n);
            }
        });
        return d;
    }

    // ---- topics

    /** What the broker does with a publish on a topic the car may not use. */
    private enum Fate {
        /**
         * PUBACK 0x87, then DISCONNECT 0x87: the car published outside its own topics (also on a warnings or
         * commands topic: only the engine publishes those).
         */
        REFUSED,
        /** DISCONNECT with this reason, no PUBACK: the packet itself is invalid. */
        MALFORMED_PACKET, TOPIC_NAME_INVALID, PROTOCOL_ERROR
    }

    private record TopicCase(byte[] topic, Fate fate) {
        static TopicCase of(String topic, Fate fate) {
            return new TopicCase(topic.getBytes(StandardCharsets.UTF_8), fate);
        }
    }

    @Test
    void foreignSpoofedAndMalformedTopics_neverReachTheEngine_costTheConnectionWhenRefused_andTheBrokerKeepsServing()
            throws Exception {
        List<TopicCase> cases = new ArrayList<>(handPickedTopics());
        cases.addAll(randomTopics(new Random(SEED), RANDOM_TOPICS));
        Map<Fate, Long> expected = new java.util.EnumMap<>(Fate.class);
        cases.forEach(c -> expected.merge(c.fate(), 1L, Long::sum));
        long receivedBefore = engine.ingestStats().snapshot().received();
        Map<String, Object> brokerBefore = brokerStats();
        Map<String, Long> disconnectsBefore = disconnects();
        long refusedBefore = security("refusedPublishes");
        long authenticatedBefore = security("authenticated");
        long started = System.nanoTime();
        try (MqttTestClient bystander = new MqttTestClient(engine.mqttPort(), OTHER, OTHER, other.password())) {
            bystander.subscribe("vehicles/" + OTHER + "/warnings");
            bystander.subscribe("vehicles/" + OTHER + "/commands");
            // the dangerous payload: an isolation fault that would open a case if it reached the engine anywhere
            byte[] payload = ("{\"ts\":" + System.currentTimeMillis() + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}")
                    .getBytes(StandardCharsets.UTF_8);
            int connections = 0;
            RawMqttClient raw = null;
            for (TopicCase c : cases) {
                if (raw == null) {
                    raw = new RawMqttClient(engine.mqttPort(), 10_000);
                    assertEquals(0, raw.connect(CAR, CAR, car.password()), "CONNACK success");
                    connections++;
                }
                raw.publish(c.topic(), payload, 1, 1);
                RawMqttClient.Packet answer = raw.read();
                String what = c.fate() + " " + printable(c.topic());
                switch (c.fate()) {
                    case REFUSED -> {
                        assertEquals(new RawMqttClient.Packet(RawMqttClient.PUBACK, NOT_AUTHORIZED), answer, what);
                        assertEquals(NOT_AUTHORIZED, raw.awaitClosed(), what);
                    }
                    default -> {
                        int reason = switch (c.fate()) {
                            case MALFORMED_PACKET -> MALFORMED_PACKET;
                            case TOPIC_NAME_INVALID -> TOPIC_NAME_INVALID;
                            default -> PROTOCOL_ERROR;
                        };
                        assertEquals(new RawMqttClient.Packet(RawMqttClient.DISCONNECT, reason), answer, what);
                        assertEquals(-1, raw.awaitClosed(), what + ": the broker drops the connection");
                    }
                }
                raw.close();
                raw = null;
            }
            if (raw != null) {
                raw.close();
            }
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            Map<String, Long> byReason = new TreeMap<>();
            byReason.put("NOT_AUTHORIZED", expected.get(Fate.REFUSED));
            byReason.put("MALFORMED_PACKET", expected.get(Fate.MALFORMED_PACKET));
            byReason.put("TOPIC_NAME_INVALID", expected.get(Fate.TOPIC_NAME_INVALID));
            byReason.put("PROTOCOL_ERROR", expected.get(Fate.PROTOCOL_ERROR));
            // HiveMQ reports connections and disconnects to the engine asynchronously
            int opened = connections + 1; // + the bystander
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertEquals(byReason, delta(disconnectsBefore, disconnects()), "the broker's disconnects by reason");
                assertEquals(opened, security("authenticated") - authenticatedBefore, "authenticated connections");
            });
            System.out.printf("fuzz: %d topics (%d random) on %d connections in %d ms: %s; broker disconnects %s%n",
                    cases.size(), RANDOM_TOPICS, connections, elapsedMs, expected, delta(disconnectsBefore, disconnects()));

            assertEquals(receivedBefore, engine.ingestStats().snapshot().received(), "no foreign topic reaches the engine");
            assertEquals(expected.get(Fate.REFUSED), security("refusedPublishes") - refusedBefore, "refused publishes");
            assertEquals(0, number(brokerStats(), "warningPublishesBlocked") - number(brokerBefore, "warningPublishesBlocked"),
                    "spoofed warnings and commands are refused by the topic permissions already");

            // the broker still serves: the bystander kept its connection, got no spoofed message, and is processed;
            // the fuzzed car connects again and is processed too
            assertTrue(bystander.isConnected());
            long processed = engine.ingestStats().snapshot().processed();
            assertTrue(bystander.publishForReason("vehicles/" + OTHER + "/telemetry", "{\"ts\":" + System.currentTimeMillis()
                    + ",\"signals\":{\"Vehicle.Speed\":77.0}}") < 0x80);
            try (RawMqttClient again = new RawMqttClient(engine.mqttPort(), 10_000)) {
                assertEquals(0, again.connect(CAR, CAR, car.password()));
                again.publish(("vehicles/" + CAR + "/telemetry").getBytes(StandardCharsets.UTF_8), ("{\"ts\":"
                        + System.currentTimeMillis() + ",\"signals\":{\"Vehicle.Speed\":33.0}}").getBytes(StandardCharsets.UTF_8), 1, 7);
                RawMqttClient.Packet ack = again.read();
                assertEquals(RawMqttClient.PUBACK, ack.type());
                assertTrue(ack.reasonCode() < 0x80, "own telemetry taken: " + ack);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.ingestStats().snapshot().processed() == processed + 2);
            assertEquals(77.0, engine.vehicles().stateOf(new Vin(OTHER)).latest("Vehicle.Speed").value());
            assertEquals(33.0, engine.vehicles().stateOf(new Vin(CAR)).latest("Vehicle.Speed").value());
            assertTrue(bystander.received().isEmpty(), "spoofed warnings and commands are not delivered: " + bystander.received());
            assertEngineHealthyWithNoCaseAndNoWarning();
        }
    }

    /** Topics chosen by hand: every kind of wrong topic, and the byte sequences no client library will send. */
    private static List<TopicCase> handPickedTopics() {
        List<TopicCase> t = new ArrayList<>();
        for (String vin : List.of(CAR, OTHER, UNPROVISIONED, "NOT-A-VIN", "")) {
            t.add(TopicCase.of("vehicles/" + vin + "/warnings", Fate.REFUSED));
            t.add(TopicCase.of("vehicles/" + vin + "/commands", Fate.REFUSED));
        }
        t.add(TopicCase.of("vehicles/" + CAR + "/telemetry/warnings", Fate.REFUSED));
        for (String topic : List.of("vehicles/" + OTHER + "/telemetry", "vehicles/" + OTHER + "/dtc",
                "vehicles/" + OTHER + "/commands/response", "vehicles/" + UNPROVISIONED + "/dtc",
                "vehicles/" + CAR + "/warnings/ack", "vehicles/" + CAR + "/owner/settings", "vehicles/" + CAR + "/owner/consent",
                "vehicles/" + CAR.toLowerCase() + "/telemetry", "vehicles/NOT-A-VIN/telemetry", "vehicles/LRWFUZX000000000I/dtc",
                "vehicles/" + CAR + "0/telemetry", "vehicles/" + CAR.substring(1) + "/telemetry",
                "vehicles/" + CAR + "/telemetry/extra", "vehicles/" + CAR + "/dtc/", "vehicles/" + CAR + "//telemetry",
                "vehicles/" + CAR, "vehicles/" + CAR + "/", "vehicles/", "vehicles", "/", "telemetry", CAR + "/telemetry",
                "/vehicles/" + CAR + "/telemetry", "Vehicles/" + CAR + "/telemetry", "vehicles/" + CAR + "/Telemetry",
                "vehicles/" + CAR + "/telemetry ", "vehicles/../vehicles/" + OTHER + "/telemetry",
                "vehicles/\u041B" + CAR.substring(1) + "/telemetry", "vehicles/\uFF2C" + CAR.substring(1) + "/telemetry",
                "vehicles/\uD83D\uDE97/telemetry", "vehicles/" + "A".repeat(60_000) + "/telemetry")) {
            t.add(TopicCase.of(topic, Fate.REFUSED));
        }
        // invalid UTF-8: cut sequences, lone continuation bytes, bytes never used, overlong forms, surrogates,
        // code points above U+10FFFF; then characters MQTT forbids in topics (NUL, controls, non-characters)
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        for (int i = 0; i < bad.length; i++) {
            String before = i % 3 == 0 ? "vehicles/" : i % 3 == 1 ? "vehicles/" + CAR : "vehicles/" + CAR + "/telemetry";
            String after = i % 3 == 0 ? "/telemetry" : i % 3 == 1 ? "/telemetry" : "";
            t.add(new TopicCase(concat(before.getBytes(StandardCharsets.UTF_8), bad[i], after.getBytes(StandardCharsets.UTF_8)),
                    Fate.MALFORMED_PACKET));
        }
        for (String c : List.of("\u0000", "\u0001", "\u001F", "\u007F", "\u0085", "\uFFFF", "\uFFFE")) {
            t.add(TopicCase.of("vehicles/" + CAR + "/telemetry" + c, Fate.MALFORMED_PACKET));
        }
        for (String topic : List.of("vehicles/+/telemetry", "vehicles/#", "#", "+", "vehicles/" + CAR + "/+",
                "vehicles/" + CAR + "/telemetry#", "vehicles/+" + CAR + "/dtc")) {
            t.add(TopicCase.of(topic, Fate.TOPIC_NAME_INVALID));
        }
        t.add(TopicCase.of("", Fate.PROTOCOL_ERROR)); // no topic and no topic alias
        t.add(TopicCase.of("$SYS/broker/clients", Fate.PROTOCOL_ERROR));
        return t;
    }

    /** Random topics from wrong prefixes, VINs and suffixes; the car's own three topics are left out. */
    private static List<TopicCase> randomTopics(Random r, int n) {
        String[] prefixes = {"vehicles/", "vehicles/", "vehicles/", "Vehicles/", "/vehicles/", "vehicle/", "", "vehicles//",
            "cars/", "vehicles/vehicles/"};
        String[] vins = {CAR, CAR, OTHER, OTHER, UNPROVISIONED, CAR.toLowerCase(), "LRWFUZXO000000001", "LRWFUZXQ000000001",
            CAR.substring(0, 16), CAR + "9", "", "NOT-A-VIN", "\u041BRWFUZX0000000001", "\uFF2CRWFUZX0000000001",
            "\uD83D\uDE97", " " + CAR, CAR + " ", "owner:" + CAR, "..", "%2F"};
        String[] suffixes = {"telemetry", "dtc", "commands/response", "warnings", "commands", "warnings/ack", "owner/settings",
            "owner/consent", "telemetry/x", "dtc/", "", "/telemetry", "Telemetry", "telemetry ", "firmware",
            "commands/response/x", "warnings/ack/x", "DTC", "telemetry/warnings", "x/commands"};
        List<TopicCase> out = new ArrayList<>();
        while (out.size() < n) {
            String vin = vins[r.nextInt(vins.length)];
            String suffix = suffixes[r.nextInt(suffixes.length)];
            String topic = prefixes[r.nextInt(prefixes.length)] + vin + (suffix.isEmpty() || r.nextInt(8) == 0 ? "" : "/")
                    + suffix;
            if (topic.equals("vehicles/" + CAR + "/telemetry") || topic.equals("vehicles/" + CAR + "/dtc")
                    || topic.equals("vehicles/" + CAR + "/commands/response")) {
                continue; // the car's own topics are the payload fuzz's business
            }
            out.add(TopicCase.of(topic, topic.isEmpty() ? Fate.PROTOCOL_ERROR : Fate.REFUSED));
        }
        return out;
    }

    // ---- shared checks and helpers

    private static void assertEngineHealthyWithNoCaseAndNoWarning() throws Exception {
        assertTrue(engine.isReady(), "engine ready");
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + engine.httpPort() + "/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(engine.cases().workflow().list(new CaseQuery(null, null, null, CaseQuery.MAX_LIMIT)).isEmpty(), "no case opened");
        for (Map.Entry<CaseStatus, Long> e : engine.cases().workflow().countByStatus().entrySet()) {
            assertEquals(0L, e.getValue(), "cases " + e.getKey());
        }
        assertEquals(0, engine.delivery().published(), "no owner warning published");
        assertTrue(WARNINGS.isEmpty(), "no owner warning: " + WARNINGS);
        assertEquals(0, engine.ingestStats().rejectedCount(RejectReason.PROCESSING_ERROR), "no processing error");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> brokerStats() {
        return (Map<String, Object>) engine.statsSnapshot().get("broker");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> disconnects() {
        return new TreeMap<>((Map<String, Long>) brokerStats().get("serverDisconnectsByReason"));
    }

    private static long number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    @SuppressWarnings("unchecked")
    private static long security(String counter) {
        return number((Map<String, Object>) engine.statsSnapshot().get("mqttSecurity"), counter);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    /** A topic for a failure message: printable ASCII as is, anything else as \xNN, long ones cut. */
    private static String printable(byte[] topic) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(topic.length, 120); i++) {
            int c = topic[i] & 0xFF;
            b.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02X", c));
        }
        return topic.length > 120 ? b + "..." : b.toString();
    }
}

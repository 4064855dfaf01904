package dev.telematics.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.vehicle.Vin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetSimulatorIntegrationTest {
    private static final long NOW = 1763800000000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Scenario SCENARIO = ScenarioLoader.parse("""
            name: it
            fleet: {size: 3, vinPrefix: LRWTEST}
            publishInterval: 100ms
            duration: 2s
            faults:
              - {vehicle: 2, at: 300ms, dtc: {ecu: BMS, codes: [P0AA6]}, expectRule: hv-isolation-fault}
              - {vehicle: 3, at: 0s, signal: Vehicle.LowVoltageBattery.CurrentVoltage, to: 11.0}
            """, "it.yaml");

    @TempDir
    static Path dir;
    private static TestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(dir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void threeCars_publishContractTelemetryAndDtc_andRecordTheirWarnings() throws Exception {
        TelemetryObserver observer = TelemetryObserver.connect(broker.uri());
        RecordingListener listener = new RecordingListener();
        Vin car1 = SCENARIO.vinOf(1);
        SimulationReport report;
        try (FleetSimulator sim = new FleetSimulator(SCENARIO, SimulatorOptions.of(broker.uri()), CLOCK, listener)) {
            sim.start();
            assertEquals(SCENARIO.vins(), sim.connectedVins());
            assertTrue(liveThreadNamed("LRWTEST"), "Paho threads carry the client id, so the leak check below works");
            String warning = """
                    {"warningId":"W-1","vin":"%s","ts":%d,"severity":"high","ruleId":"lv-battery-low",\
                    "title":"12 V battery low","text":"Please drive for 30 minutes.","caseNumber":"SC-000001"}"""
                    .formatted(car1, NOW);
            observer.client.publish("vehicles/" + car1 + "/warnings", warning.getBytes(StandardCharsets.UTF_8), 1, false)
                    .waitForCompletion(5000);

            await().atMost(Duration.ofSeconds(10)).until(() -> sim.report().warningsReceived() == 1
                    && observer.dtcs().size() == 1
                    && SCENARIO.vins().stream().allMatch(v -> observer.telemetryOf(v).size() >= 10));
            report = sim.stop(Duration.ofSeconds(5));
        }

        assertEquals(3, report.carsConfigured());
        assertEquals(3, report.carsConnected());
        assertEquals(0, report.connectFailures());
        assertEquals(report.messagesOffered(), report.messagesAcknowledged() + report.messagesFailed());
        assertEquals(0, report.messagesFailed());
        assertEquals(1, report.dtcMessagesSent());
        assertEquals("paho", report.transport());
        assertEquals(Set.copyOf(SCENARIO.vins()), Set.copyOf(listener.connected));

        long telemetryAcknowledged = report.messagesAcknowledged() - report.dtcMessagesSent();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> observer.telemetryCount() == telemetryAcknowledged);
        for (Vin vin : SCENARIO.vins()) {
            List<JsonNode> samples = observer.telemetryOf(vin);
            samples.forEach(FleetSimulatorIntegrationTest::assertContractTelemetry);
            List<Long> seqs = samples.stream().map(s -> s.get("seq").asLong()).toList();
            assertEquals(LongStream.range(0, seqs.size()).boxed().toList(), seqs, "every sample, in order, of " + vin);
        }
        observer.telemetryOf(SCENARIO.vinOf(3)).forEach(s ->
                assertEquals(11.0, s.get("signals").get(VssSignals.LV_BATTERY_VOLTAGE).asDouble()));

        assertEquals(List.of("vehicles/" + SCENARIO.vinOf(2) + "/dtc"), observer.dtcs().stream().map(TelemetryObserver.Received::topic).toList());
        assertEquals("{\"ts\":" + NOW + ",\"ecu\":\"BMS\",\"format\":\"j2012\",\"dtcs\":[\"P0AA6\"]}",
                observer.dtcs().get(0).payload());

        ReceivedWarning w = report.warnings().get(0);
        assertEquals(List.of(w), report.warningsFor(car1.value()));
        assertEquals("W-1", w.warningId());
        assertEquals("lv-battery-low", w.ruleId());
        assertEquals("high", w.severity());
        assertEquals("12 V battery low", w.title());
        assertEquals("Please drive for 30 minutes.", w.text());
        assertEquals("SC-000001", w.caseNumber());
        assertEquals(NOW, w.receivedAtMillis());
        assertEquals(List.of(w), List.copyOf(listener.warnings));
        assertTrue(JSON.writeValueAsString(report).contains("\"transport\":\"paho\""));

        observer.close();
        assertNoPahoThreadsLeftFor("LRWTEST");
    }

    @Test
    void unreachableBroker_countsEveryCarAsConnectFailure_andStopsCleanly() throws Exception {
        String nobody = "tcp://127.0.0.1:" + TestBroker.freePort();
        RecordingListener listener = new RecordingListener();
        Scenario scenario = ScenarioLoader.parse("""
                name: down
                fleet: {size: 2, vinPrefix: LRWDWNX}
                publishInterval: 100ms
                duration: 1s
                """, "down.yaml");

        SimulationReport report;
        try (FleetSimulator sim = new FleetSimulator(scenario, SimulatorOptions.of(nobody), CLOCK, listener)) {
            sim.start();
            report = sim.stop(Duration.ofSeconds(1));
        }

        assertEquals(0, report.carsConnected());
        assertEquals(2, report.connectFailures());
        assertEquals(0, report.messagesOffered());
        assertEquals(2, listener.failed.size());
        assertNoPahoThreadsLeftFor("LRWDWNX");
    }

    @Test
    void window_isCappedAtTheBrokersReceiveMaximum() throws Exception {
        SimulatorOptions options = SimulatorOptions.of(broker.uri()).withWindow(TestBroker.RECEIVE_MAXIMUM * 2);
        SimulatedVehicle car = new SimulatedVehicle(new Vin("LRWCAPX0000000001"),
                new VehicleSignals(new SignalModel(1), 1, List.of()), List.of(), List.of(), 100, options, CLOCK,
                new SimulatorCounters(), SimulatorListener.NONE);
        try {
            car.connect();
            assertEquals(TestBroker.RECEIVE_MAXIMUM, car.windowSize());
        } finally {
            car.close();
        }
    }

    private static void assertContractTelemetry(JsonNode sample) {
        assertEquals(List.of("ts", "seq", "signals"), iterableToList(sample.fieldNames()));
        assertEquals(NOW, sample.get("ts").asLong());
        assertTrue(sample.get("ts").isIntegralNumber() && sample.get("seq").isIntegralNumber());
        assertTrue(sample.get("seq").asLong() >= 0);
        JsonNode signals = sample.get("signals");
        assertEquals(VssSignals.ALL, iterableToList(signals.fieldNames()));
        signals.forEach(v -> assertTrue(v.isNumber() && Double.isFinite(v.asDouble()), sample.toString()));
    }

    private static void assertNoPahoThreadsLeftFor(String vinPrefix) {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !liveThreadNamed(vinPrefix) && !liveThreadNamed("sim-publish") && !liveThreadNamed("sim-c"));
    }

    private static boolean liveThreadNamed(String part) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().contains(part));
    }

    private static List<String> iterableToList(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** A listener that remembers what it was told. */
    private static final class RecordingListener implements SimulatorListener {
        final Queue<Vin> connected = new ConcurrentLinkedQueue<>();
        final Queue<Vin> failed = new ConcurrentLinkedQueue<>();
        final Queue<ReceivedWarning> warnings = new ConcurrentLinkedQueue<>();

        @Override
        public void onConnected(Vin vin) {
            connected.add(vin);
        }

        @Override
        public void onConnectFailed(Vin vin, Throwable cause) {
            failed.add(vin);
        }

        @Override
        public void onWarning(ReceivedWarning warning) {
            warnings.add(warning);
        }
    }
}

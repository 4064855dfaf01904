package dev.telematics.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.telematics.vehicle.Vin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HiveMQ client transport sends the same bytes as Paho, settles every publish, and gets warnings. */
class TransportEquivalenceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1763800000000L), ZoneOffset.UTC);
    private static final Scenario SCENARIO = ScenarioLoader.parse("""
            name: same-bytes
            fleet: {size: 3, vinPrefix: LRWSAME}
            publishInterval: 100ms
            duration: 2s
            faults:
              - {vehicle: 2, at: 200ms, dtc: {ecu: BMS, format: uds, codes: [P0AA1-00]}}
              - {vehicle: 3, at: 0s, signal: Vehicle.LowVoltageBattery.CurrentVoltage, to: 11.0, over: 1s}
            """, "same.yaml");

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

    /** The first eight telemetry payloads of each car and the DTC payload, exactly as the broker got them. */
    private List<String> run(SimulatorOptions.Transport transport) throws Exception {
        TelemetryObserver observer = TelemetryObserver.connect(broker.uri());
        try (FleetSimulator sim = new FleetSimulator(SCENARIO, SimulatorOptions.of(broker.uri()).withTransport(transport),
                CLOCK, SimulatorListener.NONE)) {
            sim.start();
            Vin car1 = SCENARIO.vinOf(1);
            observer.client.publish("vehicles/" + car1 + "/warnings",
                    "{\"ruleId\":\"x\",\"sourceTs\":1}".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(5000);
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.report().warningsReceived() == 1
                    && observer.dtcs().size() == 1
                    && SCENARIO.vins().stream().allMatch(v -> observer.telemetryOf(v).size() >= 8));
            SimulationReport report = sim.stop(Duration.ofSeconds(5));
            assertEquals(transport.label(), report.transport());
            assertEquals(3, report.carsConnected());
            assertEquals(report.messagesOffered(), report.messagesAcknowledged() + report.messagesFailed());
            assertEquals(0, report.messagesFailed());
            assertEquals("x", report.warningsFor(car1.value()).get(0).ruleId());
        } finally {
            observer.close();
        }
        List<String> out = new ArrayList<>();
        for (Vin v : SCENARIO.vins()) {
            observer.rawTelemetryOf(v).stream().limit(8).forEach(out::add);
        }
        out.add(observer.dtcs().get(0).payload());
        return out;
    }

    @Test
    void hivemqTransport_sendsTheSameBytesAsPaho() throws Exception {
        List<String> paho = run(SimulatorOptions.Transport.PAHO);
        List<String> hivemq = run(SimulatorOptions.Transport.HIVEMQ);
        assertEquals(paho, hivemq);
    }
}

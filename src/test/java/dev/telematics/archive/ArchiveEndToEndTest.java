package dev.telematics.archive;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.cases.CaseStatus;
import dev.telematics.engine.Engine;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import dev.telematics.testing.VictoriaMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive against a real server that speaks the InfluxDB v2 write API (VictoriaMetrics, started by
 * the test on loopback): every point arrives with its exact value and millisecond timestamp, and a server
 * outage during load costs only what does not fit in the buffer, counted, while ingest goes on.
 */
class ArchiveEndToEndTest {
    private static final String CAR = "LRWARCX0000000001";
    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    private static ArchiveSettings settings(VictoriaMetrics vm, int buffer, int batch) {
        return ArchiveSettings.of(vm.url(), "not-checked-by-victoria-metrics", "telematics", "telematics")
                .withBuffer(buffer, batch).withTiming(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    private static String telemetry(long ts, double speed) {
        return "{\"ts\":" + ts + ",\"signals\":{\"Vehicle.Speed\":" + speed + "}}";
    }

    /** Publishes at QoS 1 with at most 100 in flight, waiting for every acknowledgement. */
    private static void publishAll(MqttTestClient car, String topic, java.util.List<String> payloads) throws Exception {
        Deque<IMqttToken> inFlight = new ArrayDeque<>();
        for (String p : payloads) {
            if (inFlight.size() >= 100) {
                inFlight.poll().waitForCompletion(30_000);
            }
            inFlight.add(car.publishAsync(topic, p));
        }
        while (!inFlight.isEmpty()) {
            inFlight.poll().waitForCompletion(30_000);
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everySampleAlertAndCaseEvent_arrivesWithExactValuesAndTheCarsMillisecondTimestamps() throws Exception {
        try (VictoriaMetrics vm = VictoriaMetrics.start(dir.resolve("vm"))) {
            InfluxArchive archive = new InfluxArchive(settings(vm, 100_000, 500));
            Engine engine = TestEngines.started(Engine.builder(TestEngines.config()).archive(archive));
            // three cars, 40 samples each, 20 days old (inside the engine's 30-day limit, outside VictoriaMetrics'
            // default retention, which the test server lifts), odd milliseconds
            long base = System.currentTimeMillis() - 20 * DAY + 123;
            Map<String, TreeMap<Long, Double>> sent = new TreeMap<>();
            try (MqttTestClient cars = new MqttTestClient(engine.mqttPort(), "archive-cars")) {
                for (int car = 1; car <= 3; car++) {
                    String vin = "LRWARCX000000000" + car;
                    java.util.List<String> payloads = new java.util.ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        long ts = base + i * 1_001L + car;
                        double speed = car * 100 + i + 0.25;
                        payloads.add("{\"ts\":" + ts + ",\"signals\":{\"Vehicle.Speed\":" + speed
                                + ",\"Vehicle.LowVoltageBattery.CurrentVoltage\":" + (12.0 + i / 100.0) + "}}");
                        sent.computeIfAbsent(vin, v -> new TreeMap<>()).put(ts, speed);
                    }
                    publishAll(cars, "vehicles/" + vin + "/telemetry", payloads);
                }
                long dtcTs = System.currentTimeMillis() - 1000;
                cars.publish("vehicles/" + CAR + "/dtc", "{\"ts\":" + dtcTs + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}");
                await().atMost(Duration.ofSeconds(20)).until(() -> engine.idle()
                        && engine.ingestStats().processedCount() == 121 && !engine.cases().workflow().list(
                        new dev.telematics.cases.CaseQuery(null, null, CAR, 10)).isEmpty());
                String number = engine.cases().workflow().list(new dev.telematics.cases.CaseQuery(null, null, CAR, 10)).get(0).number();
                engine.cases().workflow().acknowledge(number, "ana");
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        archive.pointsWritten() == archive.pointsOffered() && archive.pointsBuffered() == 0);
                // 120 samples + 1 alert + OPENED + STATUS_CHANGED
                assertEquals(123, archive.pointsOffered(), String.valueOf(archive.snapshot()));
                assertEquals(0, archive.pointsDropped());

                // the server indexes new series a moment after it took them: read until they are there
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    for (Map.Entry<String, TreeMap<Long, Double>> car : sent.entrySet()) {
                        Map<String, TreeMap<Long, Double>> speed = vm.export(
                                "{__name__=\"telemetry_Vehicle.Speed\",vin=\"" + car.getKey() + "\",model=\"LRWARCX0\"}");
                        assertEquals(1, speed.size(), speed.keySet().toString());
                        assertEquals(car.getValue(), speed.values().iterator().next(), "every sample, exact value and time");
                        assertEquals(40, vm.count("{__name__=\"telemetry_Vehicle.LowVoltageBattery.CurrentVoltage\",vin=\""
                                + car.getKey() + "\"}"));
                    }
                });
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        vm.count("{__name__=\"alerts_count\",vin=\"" + CAR + "\"}") == 1);
                Map<String, TreeMap<Long, Double>> alerts = vm.export("{__name__=\"alerts_count\",vin=\"" + CAR + "\"}");
                assertEquals(1, alerts.size(), alerts.toString());
                assertTrue(alerts.keySet().iterator().next().contains("\"rule\":\"hv-isolation-fault\""), alerts.toString());
                assertTrue(alerts.keySet().iterator().next().contains("\"severity\":\"critical\""), alerts.toString());
                assertEquals(Map.of(dtcTs, 1.0), alerts.values().iterator().next(), "the alert at the car's time");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    String series = vm.export("{__name__=\"case_events_count\",case=\"" + number + "\"}").keySet().toString();
                    assertTrue(series.contains("\"type\":\"OPENED\"") && series.contains("\"type\":\"STATUS_CHANGED\"")
                            && series.contains("\"status\":\"" + CaseStatus.ACKNOWLEDGED + "\""), series);
                });
                assertEquals(2, vm.count("{__name__=\"case_events_count\",case=\"" + number + "\"}"));
            } finally {
                engine.close();
            }
        }
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void serverDownDuringLoad_ingestGoesOn_bufferedPointsArriveAfterRestart_andTheRestIsCountedAsDropped() throws Exception {
        try (VictoriaMetrics vm = VictoriaMetrics.start(dir.resolve("vm"))) {
            InfluxArchive archive = new InfluxArchive(settings(vm, 2_000, 200));
            Engine engine = TestEngines.started(Engine.builder(TestEngines.config()).archive(archive));
            long base = System.currentTimeMillis() - DAY;
            TreeMap<Long, Double> sent = new TreeMap<>();
            try (MqttTestClient car = new MqttTestClient(engine.mqttPort(), CAR)) {
                java.util.List<String> before = new java.util.ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    before.add(telemetry(base + i, i));
                    sent.put(base + i, (double) i);
                }
                publishAll(car, "vehicles/" + CAR + "/telemetry", before);
                await().atMost(Duration.ofSeconds(20)).until(() -> archive.pointsWritten() == 100);

                vm.stop();
                java.util.List<String> during = new java.util.ArrayList<>();
                for (int i = 100; i < 5_100; i++) {
                    during.add(telemetry(base + i, i % 200 + 0.5));
                    sent.put(base + (long) i, i % 200 + 0.5);
                }
                publishAll(car, "vehicles/" + CAR + "/telemetry", during);
                // the engine does not wait for the archive: every message is processed while the server is down
                await().atMost(Duration.ofSeconds(30)).until(() -> engine.ingestStats().processedCount() == 5_100
                        && engine.idle());
                assertEquals(5_100, archive.pointsOffered());
                assertTrue(archive.pointsDropped() > 0, String.valueOf(archive.snapshot()));
                assertTrue(archive.pointsBuffered() <= 2_000 + 200, String.valueOf(archive.snapshot()));
                await().atMost(Duration.ofSeconds(10)).until(() -> archive.writeRetries() > 0);
                assertEquals(false, archive.snapshot().get("serverReachable"));

                vm.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> archive.pointsBuffered() == 0
                        && archive.pointsWritten() + archive.pointsDropped() == archive.pointsOffered());
                long written = archive.pointsWritten();
                assertTrue(written >= 100 + 2_000, "the whole buffer arrived: " + archive.snapshot());
                assertEquals(5_100 - written, archive.pointsDropped(), "the rest is counted as dropped");

                await().atMost(Duration.ofSeconds(30)).until(() ->
                        vm.count("{__name__=\"telemetry_Vehicle.Speed\",vin=\"" + CAR + "\"}") == written);
                Map<String, TreeMap<Long, Double>> stored = vm.export("{__name__=\"telemetry_Vehicle.Speed\",vin=\"" + CAR + "\"}");
                TreeMap<Long, Double> points = stored.values().iterator().next();
                assertEquals(written, points.size(), "every point written is in the server, once");
                points.forEach((ts, v) -> assertEquals(sent.get(ts), v, "exact value at " + ts));
                // the buffer keeps the oldest points of the outage: the first 2,000 all arrived
                for (long i = 100; i < 2_100; i++) {
                    assertTrue(points.containsKey(base + i), "point " + i + " of the outage");
                }
                assertEquals(true, archive.snapshot().get("serverReachable"));
            } finally {
                engine.close();
            }
        }
    }
}

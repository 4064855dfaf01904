package dev.telematics.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.rules.RuleEngine;
import dev.telematics.rules.RuleLoader;
import dev.telematics.rules.ThresholdRule;
import dev.telematics.testing.MqttTestClient;
import dev.telematics.testing.TestEngines;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.TimedValue;
import dev.telematics.vehicle.VehicleState;
import dev.telematics.vehicle.Vin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real engine on the embedded database, stopped and started again on the same data folder: the
 * vehicle's signal history, DTC lifecycle and rule states are there after the restart, and a rule whose
 * condition or trend began before the restart fires exactly when it would have without the restart.
 */
class VehicleStateRestartTest {
    private static final String VIN = "LRWREST0000000001";
    private static final String LV = "Vehicle.LowVoltageBattery.CurrentVoltage";
    private static final String TIRE = "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure";
    private static final String LEAK = "tire-slow-leak-row1-left";
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path data;

    /** Runs {@code body} on an engine over the data folder, then stops engine and database. */
    private void onEngine(EngineAction body) throws Exception {
        EngineDatabase db = EngineDatabase.embedded(data);
        Engine e = null;
        try {
            e = TestEngines.started(Engine.builder(TestEngines.config()).database(db));
            try (MqttTestClient car = new MqttTestClient(e.mqttPort(), VIN)) {
                body.run(e, car);
            }
        } finally {
            if (e != null) {
                e.close();
            }
            db.close();
        }
    }

    private interface EngineAction {
        void run(Engine e, MqttTestClient car) throws Exception;
    }

    private static void telemetry(MqttTestClient car, long ts, String signal, double value) throws Exception {
        car.publish("vehicles/" + VIN + "/telemetry", "{\"ts\":" + ts + ",\"seq\":" + ts / 1000
                + ",\"signals\":{\"" + signal + "\":" + value + "}}"); // QoS 1: returns once processed
    }

    private static long firings(Engine e, String rule) {
        return e.rules().firings().getOrDefault(rule, 0L);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stateStats(Engine e) {
        return (Map<String, Object>) e.statsSnapshot().get("vehicleState");
    }

    @Test
    void restartOnTheSameDataDir_keepsSignalHistoryDtcLifecycleAndRuleState_andTheThresholdFiresOnTime() throws Exception {
        long base = System.currentTimeMillis() - 600_000;
        Object[] before = new Object[4];
        onEngine((e, car) -> {
            for (int i = 0; i <= 40; i += 10) { // 12 V low for 40 s: the 60 s rule has not fired yet
                telemetry(car, base + i * 1000L, LV, 11.5);
            }
            car.publish("vehicles/" + VIN + "/dtc", "{\"ts\":" + (base + 41_000) + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}");
            assertEquals(0, firings(e, "lv-battery-low"));
        });
        // read after the engine stopped: its workers are gone, the state is nobody else's
        onEngine((e, car) -> {
            assertEquals(1, stateStats(e).get("restoredAtStart"), stateStats(e).toString());
            VehicleState s = e.vehicles().stateOf(Vin.of(VIN));
            assertEquals(5, s.sampleCount());
            assertEquals(List.of(new TimedValue(base, 11.5), new TimedValue(base + 10_000, 11.5),
                    new TimedValue(base + 20_000, 11.5), new TimedValue(base + 30_000, 11.5),
                    new TimedValue(base + 40_000, 11.5)), s.recentHistory().get(LV));
            assertEquals(1, s.dtcs().active().size());
            assertEquals("P0AA6", s.dtcs().active().get(0).dtc().key());
            assertEquals(base + 41_000, s.dtcs().active().get(0).firstSeen());
            assertFalse(s.dtcs().markFired("BMS", "P0AA6", "hv-isolation-fault"),
                    "the DTC's episode had fired its rule before the restart");
            Object rule = e.rules().stateOf(s, e.rules().rules().byId("lv-battery-low"));
            assertEquals(new ThresholdRule.State(base, base + 40_000, false), rule);
            // 20 s more below 11.8 V: 60 s since the condition began before the restart, so the rule fires now
            telemetry(car, base + 50_000, LV, 11.5);
            assertEquals(0, firings(e, "lv-battery-low"));
            telemetry(car, base + 60_000, LV, 11.5);
            assertEquals(1, firings(e, "lv-battery-low"), "fired on time, 60 s after the condition began");
        });
    }

    /** The hour at which the tire's forecast fires on one engine that never stops (the reference). */
    private static int uninterruptedFiringHour(long base) {
        RuleEngine rules = new RuleEngine(new RuleLoader(SignalCatalog.standard()).loadDirectory(Path.of("rules")),
                KnowledgeBase.empty());
        VehicleState s = new VehicleState(Vin.of(VIN), 120, Duration.ofMinutes(10));
        for (int h = 0; h <= 62; h++) {
            Sample x = Sample.of(base + h * HOUR, Map.of(TIRE, pressure(h)));
            s.apply(x);
            if (rules.onSample(s, x).stream().anyMatch(f -> f.rule().id().equals(LEAK))) {
                return h;
            }
        }
        return -1;
    }

    private static double pressure(int h) {
        return 250 - h + ((h * 7) % 5 - 2) * 0.15; // losing 1 kPa/h with a little noise: 187.5 kPa at hour 62.5
    }

    @Test
    void aForecastWhoseTrendBeganBeforeTheRestart_firesAtTheSamePointAsWithoutTheRestart() throws Exception {
        long base = System.currentTimeMillis() - 63 * HOUR;
        int expected = uninterruptedFiringHour(base);
        assertTrue(expected > 16, "the reference fires after the restart point: hour " + expected);
        onEngine((e, car) -> {
            for (int h = 0; h <= expected / 2; h++) { // half the points before the restart
                telemetry(car, base + h * HOUR, TIRE, pressure(h));
            }
            assertEquals(0, firings(e, LEAK));
        });
        int[] firedAt = {-1};
        onEngine((e, car) -> {
            assertEquals(0, stateStats(e).get("ruleStatesDropped"));
            for (int h = expected / 2 + 1; h <= 62 && firedAt[0] < 0; h++) {
                telemetry(car, base + h * HOUR, TIRE, pressure(h));
                if (firings(e, LEAK) > 0) {
                    firedAt[0] = h;
                }
            }
            assertNotNull(e.rules().stateOf(e.vehicles().stateOf(Vin.of(VIN)), e.rules().rules().byId(LEAK)));
        });
        assertEquals(expected, firedAt[0], "fires at the same hour as without the restart");
    }
}

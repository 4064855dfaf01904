package dev.telematics.simulator;

import static dev.telematics.simulator.VssSignals.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignalModelTest {
    private final SignalModel model = new SignalModel(42);

    @Test
    void sample_containsEverySimulatedSignalInOrder() {
        assertEquals(VssSignals.ALL, List.copyOf(model.sample(1, 0).keySet()));
    }

    @Test
    void sample_isAPureFunctionOfSeedVehicleAndTime() {
        assertEquals(model.sample(7, 12_345), new SignalModel(42).sample(7, 12_345));
        assertNotEquals(model.sample(7, 12_345), new SignalModel(43).sample(7, 12_345));
        assertNotEquals(model.sample(7, 12_345), model.sample(8, 12_345));
    }

    @Test
    void everySignal_staysInItsPlausibleRange_acrossVehiclesAndTwoHours() {
        for (int vehicle = 1; vehicle <= 50; vehicle++) {
            Map<String, Double> first = model.sample(vehicle, 0);
            for (long t = 0; t <= 7_200_000; t += 7_000) {
                Map<String, Double> s = model.sample(vehicle, t);
                String at = "vehicle " + vehicle + " at " + t + " ms: " + s;
                s.values().forEach(v -> assertTrue(Double.isFinite(v), at));
                within(s, SPEED, 0, 130, at);
                within(s, SOC, 10, 95, at);
                within(s, SOH, 90, 99, at);
                within(s, PACK_VOLTAGE, 345, 400, at);
                within(s, PACK_CURRENT, -250, 250, at);
                within(s, CELL_VOLTAGE_MIN, 3.59, 4.15, at);
                within(s, CELL_VOLTAGE_MAX, 3.6, 4.16, at);
                double spreadMv = (s.get(CELL_VOLTAGE_MAX) - s.get(CELL_VOLTAGE_MIN)) * 1000;
                assertTrue(spreadMv >= 4.9 && spreadMv <= 20.1, "cell spread " + spreadMv + " mV, " + at);
                for (String temp : List.of(TEMPERATURE_AVERAGE, TEMPERATURE_MIN, TEMPERATURE_MAX)) {
                    within(s, temp, 20, 35, at);
                }
                assertTrue(s.get(TEMPERATURE_MIN) <= s.get(TEMPERATURE_AVERAGE), at);
                assertTrue(s.get(TEMPERATURE_AVERAGE) <= s.get(TEMPERATURE_MAX), at);
                within(s, ISOLATION_RESISTANCE, 2e6, 5e6, at);
                for (String tire : List.of(TIRE_FRONT_LEFT, TIRE_FRONT_RIGHT, TIRE_REAR_LEFT, TIRE_REAR_RIGHT)) {
                    within(s, tire, 240, 260, at);
                }
                double lv = s.get(LV_BATTERY_VOLTAGE);
                boolean charging = lv >= 13.8 && lv <= 14.4;
                boolean resting = lv >= 12.5 && lv <= 12.75;
                assertTrue(charging || resting, "12 V " + lv + ", " + at);
                assertTrue(Math.abs(s.get(LATITUDE) - first.get(LATITUDE)) < 0.15, at);
                assertTrue(Math.abs(s.get(LONGITUDE) - first.get(LONGITUDE)) < 0.25, at);
            }
        }
    }

    @Test
    void distance_neverDecreases_andSocOnlyFallsWhileDriving() {
        for (int vehicle = 1; vehicle <= 20; vehicle++) {
            Map<String, Double> previous = model.sample(vehicle, 0);
            for (long t = 1000; t <= 1_800_000; t += 1000) {
                Map<String, Double> s = model.sample(vehicle, t);
                assertTrue(s.get(TRAVELED_DISTANCE) >= previous.get(TRAVELED_DISTANCE), "distance at " + t);
                assertTrue(s.get(SOC) <= previous.get(SOC), "SoC rose at " + t);
                if (s.get(TRAVELED_DISTANCE).equals(previous.get(TRAVELED_DISTANCE))) {
                    assertEquals(previous.get(SOC), s.get(SOC), 0.0101, "SoC fell while parked at " + t);
                }
                previous = s;
            }
            Map<String, Double> start = model.sample(vehicle, 0);
            assertTrue(previous.get(TRAVELED_DISTANCE) - start.get(TRAVELED_DISTANCE) > 5_000,
                    "vehicle " + vehicle + " drove less than 5 km in 30 min");
            assertTrue(previous.get(SOC) < start.get(SOC), "vehicle " + vehicle + " SoC did not fall");
        }
    }

    @Test
    void lowVoltageBattery_isChargedWhileDrivingAndRestsAt12v6WhenStopped() {
        boolean sawDriving = false;
        boolean sawStopped = false;
        for (long t = 0; t <= 1_800_000; t += 1000) {
            Map<String, Double> s = model.sample(2, t);
            double lv = s.get(LV_BATTERY_VOLTAGE);
            if (s.get(SPEED) > 5) {
                sawDriving = true;
                assertTrue(lv >= 13.8 && lv <= 14.4, "driving at " + t + ": " + lv);
            } else if (s.get(SPEED) == 0 && lv < 13) {
                sawStopped = true;
                assertEquals(12.6, lv, 0.15, "stopped at " + t);
            }
        }
        assertTrue(sawDriving && sawStopped, "30 minutes should contain both driving and a stop");
    }

    @Test
    void speed_changesSmoothly() {
        for (long t = 0; t <= 1_800_000; t += 1000) {
            double now = model.sample(4, t).get(SPEED);
            double next = model.sample(4, t + 1000).get(SPEED);
            assertTrue(Math.abs(next - now) < 5, "speed jumped from " + now + " to " + next + " at " + t);
        }
    }

    @Test
    void stateOfHealth_isConstantPerVehicle_andDiffersBetweenVehicles() {
        assertEquals(model.sample(5, 0).get(SOH), model.sample(5, 3_600_000).get(SOH));
        long distinct = java.util.stream.IntStream.rangeClosed(1, 20)
                .mapToObj(v -> model.sample(v, 0).get(SOH)).distinct().count();
        assertTrue(distinct > 10, "SoH should vary across the fleet");
    }

    private static void within(Map<String, Double> s, String signal, double min, double max, String context) {
        double v = s.get(signal);
        assertTrue(v >= min && v <= max, signal + "=" + v + " outside " + min + ".." + max + ", " + context);
    }
}

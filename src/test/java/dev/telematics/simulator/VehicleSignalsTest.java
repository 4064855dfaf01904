package dev.telematics.simulator;

import static dev.telematics.simulator.VssSignals.LV_BATTERY_VOLTAGE;
import static dev.telematics.simulator.VssSignals.SPEED;
import static dev.telematics.simulator.VssSignals.TEMPERATURE_MAX;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VehicleSignalsTest {
    private static final Vin VIN = new Vin("LRWDEMC0000000003");
    private final SignalModel model = new SignalModel(42);

    @Test
    void beforeTheFault_signalsAreTheNormalModel() {
        VehicleSignals signals = new VehicleSignals(model, 3, List.of(lvRamp(5, 11.3, 5)));

        for (long t = 0; t < 5000; t += 250) {
            assertEquals(model.sample(3, t), signals.sampleAt(t), "at " + t);
        }
    }

    @Test
    void rampFault_startsAtTheNormalValue_isLinear_andReachesTargetAfterOverDuration() {
        VehicleSignals signals = new VehicleSignals(model, 3, List.of(lvRamp(5, 11.3, 5)));
        double from = model.sample(3, 5000).get(LV_BATTERY_VOLTAGE);

        assertEquals(from, signals.sampleAt(5000).get(LV_BATTERY_VOLTAGE), 1e-9);
        assertEquals(from + (11.3 - from) * 0.4, signals.sampleAt(7000).get(LV_BATTERY_VOLTAGE), 1e-9);
        assertEquals(11.3, signals.sampleAt(10_000).get(LV_BATTERY_VOLTAGE));
        assertEquals(11.3, signals.sampleAt(3_600_000).get(LV_BATTERY_VOLTAGE));
    }

    @Test
    void rampFault_overridesOnlyItsSignal() {
        VehicleSignals signals = new VehicleSignals(model, 3, List.of(lvRamp(5, 11.3, 5)));
        Map<String, Double> faulted = signals.sampleAt(8000);
        Map<String, Double> normal = model.sample(3, 8000);

        faulted.keySet().stream().filter(k -> !k.equals(LV_BATTERY_VOLTAGE))
                .forEach(k -> assertEquals(normal.get(k), faulted.get(k), k));
    }

    @Test
    void stepFault_jumpsToTargetAtItsStart() {
        SignalFault step = new SignalFault(3, VIN, Duration.ofSeconds(2), SPEED, 0, Duration.ZERO, null);
        VehicleSignals signals = new VehicleSignals(model, 3, List.of(step));

        assertEquals(model.sample(3, 1999).get(SPEED), signals.sampleAt(1999).get(SPEED));
        assertEquals(0.0, signals.sampleAt(2000).get(SPEED));
    }

    @Test
    void laterFaultOnTheSameSignal_rampsFromWhereTheEarlierOneLeftIt() {
        SignalFault heat = new SignalFault(3, VIN, Duration.ofSeconds(1), TEMPERATURE_MAX, 50, Duration.ofSeconds(1), null);
        SignalFault moreHeat = new SignalFault(3, VIN, Duration.ofSeconds(4), TEMPERATURE_MAX, 70, Duration.ofSeconds(2), null);
        VehicleSignals signals = new VehicleSignals(model, 3, List.of(moreHeat, heat));

        assertEquals(50.0, signals.sampleAt(3000).get(TEMPERATURE_MAX));
        assertEquals(60.0, signals.sampleAt(5000).get(TEMPERATURE_MAX), 1e-9);
        assertEquals(70.0, signals.sampleAt(6000).get(TEMPERATURE_MAX));
    }

    @Test
    void faultedSamples_areDeterministic() {
        List<SignalFault> faults = List.of(lvRamp(5, 11.3, 5));
        assertEquals(new VehicleSignals(model, 3, faults).sampleAt(7777),
                new VehicleSignals(new SignalModel(42), 3, faults).sampleAt(7777));
    }

    private static SignalFault lvRamp(int atSeconds, double to, int overSeconds) {
        return new SignalFault(3, VIN, Duration.ofSeconds(atSeconds), LV_BATTERY_VOLTAGE, to,
                Duration.ofSeconds(overSeconds), "lv-battery-low");
    }
}

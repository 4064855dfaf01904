package dev.telematics.rules;

import dev.telematics.vehicle.Severity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.VehicleState;
import dev.telematics.vehicle.Vin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Statistical outliers with the shipped rules: one weak cell, a spread pack, a car ageing faster than its fleet. */
class OutlierRuleTest {
    private static final String CELLS = "Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages";
    private static final String SOH = "Vehicle.Powertrain.TractionBattery.StateOfHealth";
    private final RuleEngine engine = new RuleEngine(new RuleLoader(SignalCatalog.standard())
            .loadDirectory(Path.of("rules")), KnowledgeBase.empty());
    private final Random random = new Random(11);

    private List<String> feed(VehicleState state, Sample s) {
        state.apply(s);
        return engine.onSample(state, s).stream().map(f -> f.rule().id()).toList();
    }

    private double[] pack(int n, int weak, double drop) {
        double[] cells = new double[n];
        for (int i = 0; i < n; i++) {
            cells[i] = 3.700 + random.nextGaussian() * 0.002 - (i == weak ? drop : 0);
        }
        return cells;
    }

    @Test
    void oneWeakCellAmong96_firesOnceWithItsNumber_andHealthyPacksDoNot() {
        VehicleState car = new VehicleState(Vin.of("LRWDEMC0000000001"), 10, Duration.ofMinutes(1));
        for (int i = 0; i < 50; i++) {
            assertEquals(List.of(), feed(car, new Sample(i * 1000L, -1, Map.of(), Map.of(CELLS, pack(96, -1, 0)))));
        }
        List<RuleFiring> f = engine.onSample(car, apply(car, new Sample(60_000, -1, Map.of(), Map.of(CELLS, pack(96, 41, 0.05)))));
        assertEquals(List.of("cell-voltage-outlier"), f.stream().map(x -> x.rule().id()).toList());
        assertEquals(42, f.get(0).trigger().get("cell"));
        assertTrue((Double) f.get(0).trigger().get("z") < -6);
        assertEquals(List.of(), feed(car, new Sample(61_000, -1, Map.of(), Map.of(CELLS, pack(96, 41, 0.05)))),
                "same episode");
    }

    private static Sample apply(VehicleState car, Sample s) {
        car.apply(s);
        return s;
    }

    @Test
    void spreadOfMaxMinusMin_above100mV_fires() {
        VehicleState car = new VehicleState(Vin.of("LRWDEMC0000000002"), 10, Duration.ofMinutes(1));
        assertEquals(List.of(), feed(car, Sample.of(0, Map.of("Vehicle.Powertrain.TractionBattery.CellVoltage.Max", 3.75,
                "Vehicle.Powertrain.TractionBattery.CellVoltage.Min", 3.70))));
        assertEquals(List.of("cell-voltage-spread"), feed(car, Sample.of(1_000, Map.of(
                "Vehicle.Powertrain.TractionBattery.CellVoltage.Max", 3.82,
                "Vehicle.Powertrain.TractionBattery.CellVoltage.Min", 3.70))));
    }

    @Test
    void carAgeingFasterThanItsModel_firesOnlyOnceTheFleetIsLargeEnough() {
        // 40 cars of one model (same first 8 VIN characters) around 95 % +- 1; a car of another model at 80 %
        for (int i = 1; i <= 25; i++) {
            VehicleState car = new VehicleState(Vin.of(String.format("LRWMDLY0%09d", i)), 10, Duration.ofMinutes(1));
            assertEquals(List.of(), feed(car, Sample.of(0, Map.of(SOH, 95 + random.nextGaussian()))));
        }
        VehicleState early = new VehicleState(Vin.of("LRWMDLY0999999999"), 10, Duration.ofMinutes(1));
        assertEquals(List.of(), feed(early, Sample.of(0, Map.of(SOH, 85.0))), "only 25 others: not enough to judge");
        for (int i = 26; i <= 40; i++) {
            VehicleState car = new VehicleState(Vin.of(String.format("LRWMDLY0%09d", i)), 10, Duration.ofMinutes(1));
            feed(car, Sample.of(0, Map.of(SOH, 95 + random.nextGaussian())));
        }
        assertEquals(List.of("soh-below-fleet"), feed(early, Sample.of(86_400_000L, Map.of(SOH, 85.0))));
        VehicleState other = new VehicleState(Vin.of("LRWXTHR0000000001"), 10, Duration.ofMinutes(1));
        assertEquals(List.of(), feed(other, Sample.of(0, Map.of(SOH, 80.0))), "another model has no fleet yet");
        VehicleState better = new VehicleState(Vin.of("LRWMDLY0888888888"), 10, Duration.ofMinutes(1));
        assertEquals(List.of(), feed(better, Sample.of(0, Map.of(SOH, 105.0))), "side: low only");
    }

    @Test
    void aHighCellDoesNotHideALowOne_andIdenticalCellsDoNotBreakTheZScore() {
        OutlierRule low = new OutlierRule(new RuleMeta("low", "outlier", "", dev.telematics.vehicle.Severity.HIGH, true, null,
                new OwnerMessage("t", "x"), "test"), OutlierRule.Method.CELLS, CELLS, null, 6, 0, 12, OutlierRule.Side.LOW);
        double[] cells = pack(96, -1, 0);
        cells[3] = 3.80;
        cells[70] = 3.45;
        OutlierRule.Finding f = low.cells(cells);
        assertTrue(f.outlier());
        assertEquals(71, f.evidence().get("cell"));
        double[] flat = new double[96];
        java.util.Arrays.fill(flat, 3.5);
        flat[10] = 3.25;
        VehicleState car = new VehicleState(Vin.of("LRWDEMC0000000003"), 10, Duration.ofMinutes(1));
        List<RuleFiring> fired = engine.onSample(car, apply(car, new Sample(0, -1, Map.of(), Map.of(CELLS, flat))));
        assertEquals(List.of("cell-voltage-outlier"), fired.stream().map(x -> x.rule().id()).toList());
        assertEquals(null, fired.get(0).trigger().get("z"), "an infinite z is reported as null, not a crash");
    }
}

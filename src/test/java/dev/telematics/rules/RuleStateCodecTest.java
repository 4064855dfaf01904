package dev.telematics.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.VehicleSnapshot;
import dev.telematics.vehicle.VehicleSnapshot.RuleState;
import dev.telematics.vehicle.VehicleSnapshotCodec;
import dev.telematics.vehicle.VehicleState;
import dev.telematics.vehicle.Vin;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Rule states by rule id, through the per-car format's bytes and back into a freshly loaded rule set:
 * every kind of state round-trips, and a state whose rule changed or disappeared is dropped, not misapplied.
 */
class RuleStateCodecTest {
    private static final Path RULES = Path.of("rules");
    private static final Vin VIN = Vin.of("LRWDEMC0000000042");
    private static final String TEMP = "Vehicle.Powertrain.TractionBattery.Temperature.Max";
    private static final String CELL_MAX = "Vehicle.Powertrain.TractionBattery.CellVoltage.Max";
    private static final String CELL_MIN = "Vehicle.Powertrain.TractionBattery.CellVoltage.Min";
    private static final String TIRE = "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure";
    private static final String LV = "Vehicle.LowVoltageBattery.CurrentVoltage";
    private static final long HOUR = 3_600_000L;
    private final VehicleSnapshotCodec codec = new VehicleSnapshotCodec();

    private static RuleEngine shippedRules() {
        return new RuleEngine(new RuleLoader(SignalCatalog.standard()).loadDirectory(RULES), KnowledgeBase.empty());
    }

    private static VehicleState fresh() {
        return new VehicleState(VIN, 120, Duration.ofMinutes(10));
    }

    /** Hour {@code h} of a drive: tire slowly losing air, a hot pack heating fast, cells out of balance, 12 V low. */
    private static Sample sample(int h, int second) {
        long ts = h * HOUR + second * 1000L;
        return Sample.of(ts, Map.of(TIRE, 250.0 - h + ((h * 7) % 5 - 2) * 0.15, TEMP, 58.0 + 1.5 * second,
                CELL_MAX, 4.20, CELL_MIN, 4.05, LV, 11.5));
    }

    private static List<String> feed(RuleEngine e, VehicleState s, int fromHour, int toHour) {
        List<String> fired = new ArrayList<>();
        for (int h = fromHour; h < toHour; h++) {
            for (int sec = 0; sec < 6; sec++) {
                Sample x = sample(h, sec);
                s.apply(x);
                e.onSample(s, x).forEach(f -> fired.add(f.rule().id() + "@" + f.vehicleTimestampMillis()));
            }
        }
        return fired;
    }

    private VehicleState throughBytes(VehicleState s, RuleSet into, int[] dropped) {
        VehicleSnapshot back = codec.decode(codec.encode(s.export(RuleStates.export(s))));
        VehicleState restored = VehicleState.restore(back, 120, Duration.ofMinutes(10));
        dropped[0] = RuleStates.restore(into, restored, back.rules());
        return restored;
    }

    @Test
    void everyKindOfRuleState_survivesTheBytes_andTheRulesGoOnAsIfNeverStopped() {
        RuleEngine straight = shippedRules();
        VehicleState uninterrupted = fresh();
        List<String> expected = feed(straight, uninterrupted, 0, 62);

        RuleEngine before = shippedRules();
        VehicleState first = fresh();
        List<String> fired = feed(before, first, 0, 31);
        Set<String> kinds = RuleStates.export(first).stream().map(RuleState::kind).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("composite", "forecast", "outlier", "rate", "threshold")), kinds);

        RuleEngine after = shippedRules(); // a new engine: its own rule set, loaded again from the same files
        int[] dropped = {-1};
        VehicleState restored = throughBytes(first, after.rules(), dropped);
        assertEquals(0, dropped[0]);
        fired.addAll(feed(after, restored, 31, 62));

        assertEquals(expected, fired);
        assertTrue(expected.stream().anyMatch(f -> f.startsWith("tire-slow-leak-row1-left@")), expected.toString());
    }

    @Test
    void eachKind_roundTripsOnItsOwn() {
        RuleEngine e = shippedRules();
        VehicleState s = fresh();
        feed(e, s, 0, 20);
        RuleSet rs = e.rules();
        for (RuleState saved : RuleStates.export(s)) {
            Rule r = rs.byId(saved.rule());
            Object original = e.stateOf(s, r);
            Object back = RuleStateCodec.decode(r, saved);
            assertNotNull(back, saved.rule());
            if (original instanceof ForecastRule.State f) {
                ForecastRule fr = (ForecastRule) r;
                assertEquals(fr.predict(f), fr.predict((ForecastRule.State) back));
                assertEquals(f.points(), ((ForecastRule.State) back).points());
            } else {
                assertEquals(original, back, saved.rule());
            }
            assertEquals(saved.kind(), RuleStateCodec.encode(r, back).kind());
        }
    }

    @Test
    void aChangedRule_dropsItsState_andCountsIt_whileTheOthersKeepTheirs(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        RuleEngine e = shippedRules();
        VehicleState s = fresh();
        feed(e, s, 0, 20);
        int saved = RuleStates.export(s).size();
        // the same rules, but the tire forecast now warns at 190 kPa
        for (Path f : Files.list(RULES).filter(p -> p.toString().endsWith(".yaml")).toList()) {
            String text = Files.readString(f);
            if (f.getFileName().toString().equals("predictive.yaml")) {
                text = text.replaceFirst("below: 187.5", "below: 190");
            }
            Files.writeString(dir.resolve(f.getFileName()), text);
        }
        RuleSet changed = new RuleLoader(SignalCatalog.standard()).loadDirectory(dir);
        int[] dropped = {-1};
        VehicleState restored = throughBytes(s, changed, dropped);
        assertEquals(1, dropped[0]);
        RuleEngine after = new RuleEngine(changed, KnowledgeBase.empty());
        assertNull(after.stateOf(restored, changed.byId("tire-slow-leak-row1-left")), "dropped, not misapplied");
        assertNotNull(after.stateOf(restored, changed.byId("hv-battery-temp-rising-fast")));
        assertEquals(saved - 1, RuleStates.export(restored).size());
    }

    @Test
    void aStateOfARuleThatIsGone_orOfAnotherKind_isDropped() {
        RuleEngine e = shippedRules();
        Rule threshold = e.rules().byId("hv-battery-at-max-temp");
        RuleState ok = RuleStateCodec.encode(threshold, new ThresholdRule.State(1, 2, true));
        assertEquals(new ThresholdRule.State(1, 2, true), RuleStateCodec.decode(threshold, ok));
        RuleState gone = new RuleState("no-such-rule", "threshold", ok.fingerprint(), ok.longs(), ok.doubles());
        VehicleState s = fresh();
        assertEquals(1, RuleStates.restore(e.rules(), s, List.of(gone)));
        RuleState otherKind = new RuleState(ok.rule(), "rate", ok.fingerprint(), ok.longs(), new double[] {1});
        assertNull(RuleStateCodec.decode(threshold, otherKind));
        RuleState badNumbers = new RuleState(ok.rule(), "threshold", ok.fingerprint(), new long[] {1}, null);
        assertNull(RuleStateCodec.decode(threshold, badNumbers));
        Rule forecast = e.rules().byId("soh-end-of-life");
        RuleState tooMany = new RuleState(forecast.id(), "forecast", RuleStateCodec.fingerprint(forecast),
                new long[] {1_000_000, 0, 0, -1, 0}, new double[] {1});
        assertNull(RuleStateCodec.decode(forecast, tooMany));
    }

    @Test
    void fingerprint_ignoresTheWording_butNotTheDefinition() {
        String yaml = """
                version: 1
                rules:
                  - id: lv
                    kind: threshold
                    signal: Vehicle.LowVoltageBattery.CurrentVoltage
                    below: %s
                    for: 60s
                    severity: high
                    owner: {title: Low, text: %s}
                """;
        RuleLoader loader = new RuleLoader(SignalCatalog.standard());
        Rule a = loader.load("a.yaml", in(yaml.formatted("11.8", "Your 12 V battery is low."))).byId("lv");
        Rule b = loader.load("b.yaml", in(yaml.formatted("11.8", "Please charge the 12 V battery."))).byId("lv");
        Rule c = loader.load("c.yaml", in(yaml.formatted("11.9", "Your 12 V battery is low."))).byId("lv");
        assertEquals(RuleStateCodec.fingerprint(a), RuleStateCodec.fingerprint(b));
        assertNotEquals(RuleStateCodec.fingerprint(a), RuleStateCodec.fingerprint(c));
    }

    private static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}

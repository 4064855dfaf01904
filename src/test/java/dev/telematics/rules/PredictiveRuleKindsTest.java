package dev.telematics.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.VehicleState;
import dev.telematics.vehicle.Vin;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hysteresis, rate of change, composite rules and cooldown, on vehicle time (no clock, no sleeps). */
class PredictiveRuleKindsTest {
    private static final String LV = "Vehicle.LowVoltageBattery.CurrentVoltage";
    private static final String TMAX = "Vehicle.Powertrain.TractionBattery.Temperature.Max";
    private static final String PACK_V = "Vehicle.Powertrain.TractionBattery.CurrentVoltage";
    private final VehicleState state = new VehicleState(Vin.of("LRWDEMC0000000001"), 50, Duration.ofMinutes(10));

    private static RuleEngine engine(String rules) {
        String yaml = "version: 1\nrules:\n" + rules;
        return new RuleEngine(new RuleLoader(SignalCatalog.standard())
                .load("test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))), KnowledgeBase.empty());
    }

    private static String rule(String id, String kind, String body) {
        return "  - id: " + id + "\n    kind: " + kind + "\n    severity: high\n    owner: {title: t, text: x}\n" + body;
    }

    private List<String> feed(RuleEngine e, long ts, Map<String, Double> values) {
        Sample s = Sample.of(ts, values);
        state.apply(s);
        return e.onSample(state, s).stream().map(f -> f.rule().id()).toList();
    }

    @Test
    void hysteresis_valueHoveringAtTheLimitFiresOnce() {
        RuleEngine e = engine(rule("lv", "threshold", "    signal: " + LV + "\n    below: 11.8\n    clearAt: 12.2\n    for: 60s\n"));
        assertEquals(List.of(), feed(e, 0, Map.of(LV, 11.7)));
        assertEquals(List.of("lv"), feed(e, 60_000, Map.of(LV, 11.7)));
        assertEquals(List.of(), feed(e, 70_000, Map.of(LV, 11.9)));
        assertEquals(List.of(), feed(e, 80_000, Map.of(LV, 11.7)));
        assertEquals(List.of(), feed(e, 200_000, Map.of(LV, 11.7)), "still the same episode: no second firing");
        assertEquals(List.of(), feed(e, 210_000, Map.of(LV, 12.3)));
        assertEquals(List.of(), feed(e, 220_000, Map.of(LV, 11.7)));
        assertEquals(List.of("lv"), feed(e, 280_000, Map.of(LV, 11.6)), "after clearing, a new episode fires");
    }

    @Test
    void withoutHysteresis_theSameHoveringFiresAgain() {
        RuleEngine e = engine(rule("lv", "threshold", "    signal: " + LV + "\n    below: 11.8\n    for: 60s\n"));
        feed(e, 0, Map.of(LV, 11.7));
        assertEquals(List.of("lv"), feed(e, 60_000, Map.of(LV, 11.7)));
        feed(e, 70_000, Map.of(LV, 11.9));
        feed(e, 80_000, Map.of(LV, 11.7));
        assertEquals(List.of("lv"), feed(e, 140_000, Map.of(LV, 11.7)));
    }

    @Test
    void temperatureRisingAt1DegreePerSecondForMoreThan3s_firesWithinOneSamplePeriod() {
        RuleEngine e = engine(rule("runaway-precursor", "rate", "    signal: " + TMAX + "\n    rising: 1.0\n    for: 3s\n"));
        assertEquals(List.of(), feed(e, 0, Map.of(TMAX, 40.0)));
        assertEquals(List.of(), feed(e, 1_000, Map.of(TMAX, 41.2)));
        assertEquals(List.of(), feed(e, 2_000, Map.of(TMAX, 42.3)));
        assertEquals(List.of(), feed(e, 3_000, Map.of(TMAX, 43.5)), "held exactly 3 s: not more than 3 s");
        assertEquals(List.of("runaway-precursor"), feed(e, 3_500, Map.of(TMAX, 44.1)));
        assertEquals(List.of(), feed(e, 4_500, Map.of(TMAX, 45.4)), "once per episode");
    }

    @Test
    void slowRiseOrABreakInTheRise_doesNotFire() {
        RuleEngine e = engine(rule("rise", "rate", "    signal: " + TMAX + "\n    rising: 1.0\n    for: 3s\n"));
        double t = 40;
        for (int i = 0; i <= 10; i++) {
            assertEquals(List.of(), feed(e, i * 1_000L, Map.of(TMAX, t += 0.9)));
        }
        assertEquals(List.of(), feed(e, 11_000, Map.of(TMAX, t += 1.5)));
        assertEquals(List.of(), feed(e, 12_000, Map.of(TMAX, t += 1.5)));
        assertEquals(List.of(), feed(e, 13_000, Map.of(TMAX, t += 0.2)), "the rise broke: the clock restarts");
        assertEquals(List.of(), feed(e, 14_000, Map.of(TMAX, t += 1.5)));
        assertEquals(List.of(), feed(e, 16_000, Map.of(TMAX, t += 3.0)));
        assertEquals(List.of("rise"), feed(e, 17_500, Map.of(TMAX, t + 2.0)));
    }

    @Test
    void compositeAll_firesOnlyWhileBothConditionsHold_andConditionRulesStaySilent() {
        RuleEngine e = engine(rule("hot", "threshold", "    signal: " + TMAX + "\n    above: 55\n    condition: true\n")
                + rule("rising", "rate", "    signal: " + TMAX + "\n    rising: 1.0\n    for: 3s\n    condition: true\n")
                + rule("sag", "threshold", "    signal: " + PACK_V + "\n    below: 300\n    condition: true\n")
                + rule("gb38031", "any", "    of: [a-and-c, b-and-c]\n")
                + rule("a-and-c", "all", "    of: [sag, rising]\n    condition: true\n")
                + rule("b-and-c", "all", "    of: [hot, rising]\n    condition: true\n"));
        // (b and c): hot and rising -> the nested composite fires the top rule
        assertEquals(List.of(), feed(e, 0, Map.of(TMAX, 50.0, PACK_V, 380.0)));
        for (int i = 1; i <= 3; i++) {
            assertEquals(List.of(), feed(e, i * 1_000L, Map.of(TMAX, 50.0 + 1.5 * i, PACK_V, 380.0)));
        }
        // at 4 s: above 55 degC, and rising 1.5 degC/s for 4 s (> 3 s)
        assertEquals(List.of("gb38031"), feed(e, 4_000, Map.of(TMAX, 56.0, PACK_V, 380.0)));
        assertEquals(List.of(), feed(e, 6_000, Map.of(TMAX, 60.0, PACK_V, 250.0)), "still one episode");
        RuleEngine simple = engine(rule("hot", "threshold", "    signal: " + TMAX + "\n    above: 55\n    condition: true\n")
                + rule("rising", "rate", "    signal: " + TMAX + "\n    rising: 1.0\n    for: 3s\n    condition: true\n")
                + rule("runaway", "all", "    of: [hot, rising]\n"));
        assertEquals(List.of(), feed(simple, 0, Map.of(TMAX, 50.0)));
        assertEquals(List.of(), feed(simple, 1_000, Map.of(TMAX, 51.5)));
        assertEquals(List.of(), feed(simple, 2_000, Map.of(TMAX, 53.0)));
        assertEquals(List.of(), feed(simple, 3_000, Map.of(TMAX, 54.5)));
        assertEquals(List.of(), feed(simple, 4_000, Map.of(TMAX, 54.9)), "rising held, but not hot yet... rate broke");
        assertEquals(List.of(), feed(simple, 5_000, Map.of(TMAX, 56.5)));
        assertEquals(List.of(), feed(simple, 6_000, Map.of(TMAX, 58.0)));
        assertEquals(List.of(), feed(simple, 7_000, Map.of(TMAX, 59.5)));
        assertEquals(List.of("runaway"), feed(simple, 8_500, Map.of(TMAX, 61.5)));
        assertEquals(List.of(), feed(simple, 9_500, Map.of(TMAX, 63.0)), "once per episode");
    }

    @Test
    void compositeNamingAMissingRuleOrItself_failsAtLoad() {
        RuleLoadException ex = org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
                () -> engine(rule("c", "all", "    of: [nope, other]\n")));
        assertTrue(ex.getMessage().contains("'of' names 'nope', which is not a loaded rule"), ex.getMessage());
        RuleLoadException loop = org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
                () -> engine(rule("x", "all", "    of: [y, y2]\n") + rule("y", "any", "    of: [x, y2]\n")
                        + rule("y2", "threshold", "    signal: " + TMAX + "\n    above: 50\n")));
        assertTrue(loop.getMessage().contains("leads back to itself"), loop.getMessage());
    }

    @Test
    void cooldown_holdsBackRepeatFiringsForThatLong() {
        RuleEngine e = engine(rule("hot", "threshold", "    signal: " + TMAX + "\n    above: 60\n    cooldown: 10m\n"));
        assertEquals(List.of("hot"), feed(e, 0, Map.of(TMAX, 61.0)));
        feed(e, 1_000, Map.of(TMAX, 50.0));
        assertEquals(List.of(), feed(e, 2_000, Map.of(TMAX, 61.0)), "new episode, but within the cooldown");
        assertEquals(1, e.cooledDown());
        feed(e, 3_000, Map.of(TMAX, 50.0));
        assertEquals(List.of("hot"), feed(e, 600_000, Map.of(TMAX, 61.0)));
    }

    @Test
    void rateAndHysteresisValues_areValidated() {
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
                () -> engine(rule("r", "rate", "    signal: " + TMAX + "\n    rising: -1\n"))).getMessage()
                .contains("positive"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
                () -> engine(rule("r", "rate", "    signal: " + TMAX + "\n    rising: 1\n    falling: 1\n"))).getMessage()
                .contains("exactly one of 'rising' or 'falling'"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
                () -> engine(rule("t", "threshold", "    signal: " + LV + "\n    below: 11.8\n    clearAt: 11.0\n")))
                .getMessage().contains("'clearAt' 11.0 must lie on the normal side"));
    }

    @Test
    void hysteresisHoldsAcrossGapsInTheData() {
        RuleEngine e = engine(rule("lv", "threshold", "    signal: " + LV + "\n    below: 11.8\n    clearAt: 12.2\n    maxGap: 5m\n"));
        int firings = 0;
        for (int i = 0; i < 12; i++) {
            firings += feed(e, i * 600_000L, Map.of(LV, i % 2 == 0 ? 11.7 : 11.9)).size();
        }
        assertEquals(1, firings, "10-minute gaps must not re-open an episode that never cleared");
    }

    @Test
    void theSameSampleTwice_doesNotFireARateRuleTwice() {
        RuleEngine e = engine(rule("rise", "rate", "    signal: " + TMAX + "\n    rising: 1.0\n    for: 3s\n"));
        feed(e, 0, Map.of(TMAX, 40.0));
        feed(e, 2_000, Map.of(TMAX, 43.0));
        assertEquals(List.of("rise"), feed(e, 4_000, Map.of(TMAX, 46.0)));
        assertEquals(List.of(), feed(e, 4_000, Map.of(TMAX, 46.0)), "a redelivery of the same sample");
        assertEquals(List.of(), feed(e, 5_000, Map.of(TMAX, 47.5)));
    }

    @Test
    void aPartThatWentSilent_doesNotKeepACombinationActive() {
        RuleEngine e = engine(rule("sag", "threshold", "    signal: " + PACK_V + "\n    below: 300\n    condition: true\n")
                + rule("rising", "rate", "    signal: " + TMAX + "\n    rising: 1.0\n    for: 3s\n    condition: true\n")
                + rule("both", "all", "    of: [sag, rising]\n"));
        feed(e, 0, Map.of(PACK_V, 250.0));
        long later = 2 * 86_400_000L;
        for (int i = 0; i <= 4; i++) {
            assertEquals(List.of(), feed(e, later + i * 1_000L, Map.of(TMAX, 40.0 + 1.5 * i)),
                    "the pack voltage was low two days ago, not now");
        }
    }

    @Test
    void aRuleWhoseKindChangesInAReload_startsFromAFreshState() {
        RuleEngine e = engine(rule("x", "threshold", "    signal: " + TMAX + "\n    above: 60\n"));
        assertEquals(List.of("x"), feed(e, 0, Map.of(TMAX, 61.0)));
        RuleEngine changed = engine(rule("x", "rate", "    signal: " + TMAX + "\n    rising: 1.0\n    for: 1s\n"));
        e.replace(changed.rules(), KnowledgeBase.empty());
        assertEquals(List.of(), feed(e, 1_000, Map.of(TMAX, 62.0)), "first sample of the new rate rule");
        assertEquals(List.of(), feed(e, 2_000, Map.of(TMAX, 63.5)));
        assertEquals(List.of("x"), feed(e, 3_000, Map.of(TMAX, 65.0)));
    }

    @Test
    void evidenceWithNullFields_isKeptAsIs() {
        Map<String, Object> t = new java.util.LinkedHashMap<>();
        t.put("intervalHigh", null);
        t.put("z", null);
        RuleFiring f = new RuleFiring(engine(rule("x", "threshold", "    signal: " + TMAX + "\n    above: 60\n"))
                .rules().byId("x").meta(), Vin.of("LRWDEMC0000000001"), 0, t);
        assertTrue(f.trigger().containsKey("intervalHigh"));
        assertEquals(null, new dev.telematics.cases.Evidence(java.time.Instant.EPOCH, t, Map.of(), Map.of(), Map.of(),
                List.of(), List.of()).trigger().get("z"));
    }
}

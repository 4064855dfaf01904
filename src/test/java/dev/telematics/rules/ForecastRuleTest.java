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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Forecast rules on synthetic series with known crossing times (vehicle time, no clock, no sleeps). */
class ForecastRuleTest {
    private static final String TIRE = "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure";
    private static final long HOUR = 3_600_000L;
    private final VehicleState state = new VehicleState(Vin.of("LRWDEMC0000000001"), 10, Duration.ofMinutes(1));

    private static RuleEngine engine() {
        String yaml = """
                version: 1
                rules:
                  - id: slow-leak
                    kind: forecast
                    signal: %s
                    below: 187.5
                    horizon: 24h
                    confidence: 0.9
                    every: 1h
                    resetRise: 15
                    severity: low
                    owner: {title: Slow leak, text: A tire is slowly losing air.}
                """.formatted(TIRE);
        return new RuleEngine(new RuleLoader(SignalCatalog.standard())
                .load("t.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))), KnowledgeBase.empty());
    }

    private List<RuleFiring> feed(RuleEngine e, long ts, double kPa) {
        Sample s = Sample.of(ts, Map.of(TIRE, kPa));
        state.apply(s);
        return e.onSample(state, s);
    }

    @Test
    void tireLosing1kPaPerHour_warnsAboutADayAhead_withTheCrossingInTheInterval() {
        RuleEngine e = engine();
        // 250 kPa, losing 1 kPa/h with a little noise: crosses 187.5 kPa after 62.5 h
        int firedAtHour = -1;
        RuleFiring firing = null;
        for (int h = 0; h <= 62; h++) {
            double p = 250 - h + ((h * 7) % 5 - 2) * 0.15;
            List<RuleFiring> f = feed(e, h * HOUR, p);
            if (!f.isEmpty() && firing == null) {
                firing = f.get(0);
                firedAtHour = h;
            }
        }
        assertTrue(firing != null, "the leak must be caught before the tire is under-inflated");
        assertTrue(firedAtHour >= 62 - 24 - 6 && firedAtHour <= 62, "fired at hour " + firedAtHour);
        Instant crossing = Instant.parse((String) firing.trigger().get("predictedCrossing"));
        Instant low = Instant.parse((String) firing.trigger().get("intervalLow"));
        Instant high = Instant.parse((String) firing.trigger().get("intervalHigh"));
        Instant truth = Instant.ofEpochMilli((long) (62.5 * HOUR));
        assertTrue(!low.isAfter(truth) && !high.isBefore(truth), low + " .. " + high);
        assertTrue(Math.abs(Duration.between(crossing, truth).toHours()) <= 6, crossing.toString());
        assertTrue((Integer) firing.trigger().get("pointsUsed") >= 10);
    }

    @Test
    void refilledTire_startsANewHistory_andAStableTireNeverWarns() {
        RuleEngine e = engine();
        for (int h = 0; h < 30; h++) {
            feed(e, h * HOUR, 230 - h * 0.5);
        }
        feed(e, 30 * HOUR, 250); // refilled: +30 kPa
        ForecastRule rule = (ForecastRule) e.rules().byId("slow-leak");
        assertEquals(1, ((ForecastRule.State) state.ruleState("slow-leak")).points());
        for (int h = 31; h < 200; h++) {
            assertEquals(List.of(), feed(e, h * HOUR, 250 + ((h % 3) - 1) * 0.3), "hour " + h);
        }
        assertEquals(null, rule.predict((ForecastRule.State) state.ruleState("slow-leak")).crossing());
    }

    @Test
    void samplesCloserThanEvery_areThinnedOut() {
        RuleEngine e = engine();
        for (int m = 0; m < 120; m++) {
            feed(e, m * 60_000L, 250);
        }
        assertEquals(2, ((ForecastRule.State) state.ruleState("slow-leak")).points());
    }
}

package dev.telematics.rules;

import dev.telematics.vehicle.Severity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThresholdRuleTest {
    private final ThresholdRule lowVoltage = new ThresholdRule(
            new RuleMeta("lv", "threshold", "", Severity.HIGH, true, null, new OwnerMessage("t", "x"), "test"),
            "Vehicle.LowVoltageBattery.CurrentVoltage", ThresholdRule.Operator.BELOW, 11.8, 11.8, Duration.ofSeconds(60),
            Duration.ofMinutes(5));

    private ThresholdRule.State feed(ThresholdRule.State s, long ts, double v, boolean expectFire) {
        ThresholdRule.Step step = lowVoltage.update(s, ts, v);
        assertEquals(expectFire, step.fire(), "fire at ts=" + ts + " v=" + v);
        return step.state();
    }

    @Test
    void thresholdHeldFor60s_fires() {
        ThresholdRule.State s = null;
        s = feed(s, 0, 11.5, false);
        s = feed(s, 30_000, 11.4, false);
        s = feed(s, 59_999, 11.4, false);
        s = feed(s, 60_000, 11.3, true);
        assertTrue(s.fired());
        assertEquals(0, s.conditionSince());
    }

    @Test
    void conditionClearingBeforeHold_restartsTheClock() {
        ThresholdRule.State s = null;
        s = feed(s, 0, 11.5, false);
        s = feed(s, 40_000, 12.4, false);
        s = feed(s, 50_000, 11.5, false);
        s = feed(s, 100_000, 11.5, false);
        s = feed(s, 110_000, 11.5, true);
    }

    @Test
    void firesOncePerEpisode_andRearmsAfterClearing() {
        ThresholdRule.State s = null;
        s = feed(s, 0, 11.0, false);
        s = feed(s, 60_000, 11.0, true);
        s = feed(s, 120_000, 11.0, false);
        s = feed(s, 180_000, 11.0, false);
        s = feed(s, 190_000, 12.5, false);
        assertFalse(s.fired());
        s = feed(s, 200_000, 11.0, false);
        s = feed(s, 260_000, 11.0, true);
    }

    @Test
    void valueExactlyAtLimit_doesNotHoldTheCondition() {
        assertFalse(lowVoltage.conditionHolds(11.8));
        assertTrue(lowVoltage.conditionHolds(11.79));
    }

    @Test
    void zeroHold_firesOnFirstValueBeyondLimit() {
        ThresholdRule immediate = new ThresholdRule(lowVoltage.meta(), lowVoltage.signal(),
                ThresholdRule.Operator.ABOVE, 60, 60, Duration.ZERO, Duration.ofMinutes(5));
        assertTrue(immediate.update(null, 5, 61).fire());
        assertFalse(immediate.update(null, 5, 59).fire());
    }

    @Test
    void gapLongerThanMaxGap_restartsTheEpisode() {
        ThresholdRule.State s = null;
        s = feed(s, 0, 11.5, false);
        // the car was offline for 6 minutes: one low sample after the gap must not count the gap as held
        s = feed(s, 360_000, 11.5, false);
        assertEquals(360_000, s.conditionSince());
        s = feed(s, 400_000, 11.5, false);
        s = feed(s, 420_000, 11.5, true);
    }

    @Test
    void ancientFirstSample_cannotMakeARecentOneLookHeld() {
        ThresholdRule.State s = feed(null, 0, 11.7, false);
        s = feed(s, 1_763_800_000_000L, 11.7, false);
        assertEquals(1_763_800_000_000L, s.conditionSince());
    }
}

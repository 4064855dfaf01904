package dev.telematics.vehicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VehicleStateDuplicateTest {
    private final VehicleState state = new VehicleState(Vin.of("LRWSTGE0000000001"), 120, Duration.ofMinutes(10));

    private static Sample sample(long ts, long seq, double speed) {
        return new Sample(ts, seq, Map.of("Vehicle.Speed", speed), Map.of());
    }

    @Test
    void theLatestMessageSentAgain_sameTimeAndSequence_isNotAppliedTwice() {
        assertTrue(state.apply(sample(1_000, 41, 41)));
        assertTrue(state.apply(sample(2_000, 42, 42)));
        assertFalse(state.apply(sample(2_000, 42, 42)), "a QoS 1 message sent again after a lost PUBACK");
        assertEquals(2, state.sampleCount());
        assertEquals(2, state.recentHistory().get("Vehicle.Speed").size());
    }

    @Test
    void anotherMessageAtTheSameTime_orOneWithoutSequence_isApplied() {
        assertTrue(state.apply(sample(2_000, 42, 42)));
        assertTrue(state.apply(sample(2_000, 43, 43)), "a second message in the same millisecond");
        assertTrue(state.apply(sample(2_000, Sample.NO_SEQUENCE, 44)));
        assertTrue(state.apply(sample(2_000, Sample.NO_SEQUENCE, 45)), "without a sequence number a car's messages "
                + "cannot be told apart from a resend, so nothing is dropped");
        assertFalse(state.apply(sample(1_999, 46, 46)), "an older one is still late");
        assertEquals(4, state.sampleCount());
    }
}

package dev.telematics.dtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.dtc.DtcChange.Transition;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtcLifecycleTest {
    private final DtcLifecycle lifecycle = new DtcLifecycle();

    private static DtcReport uds(long ts, String hex) {
        return new DtcReport(ts, "BMS", "uds", UdsDtcReply.decode(HexBytes.parse(hex), 0).dtcs(), null);
    }

    private List<Transition> apply(DtcReport r) {
        return lifecycle.apply(r).stream().map(DtcChange::transition).toList();
    }

    @Test
    void pendingThenConfirmedThenCleared_withSeenTimesAndOccurrences() {
        assertEquals(List.of(Transition.NEW), apply(uds(1_000, "59 02 FF 0A A6 00 04")));
        assertEquals(DtcState.PENDING, lifecycle.active().get(0).state());
        assertEquals(List.of(Transition.CONFIRMED), apply(uds(2_000, "59 02 FF 0A A6 00 0D")));
        assertEquals(List.of(Transition.STILL_PRESENT), apply(uds(3_000, "59 02 FF 0A A6 00 09")));
        DtcChange now = lifecycle.active().get(0);
        assertEquals(DtcState.CONFIRMED, now.state());
        assertEquals(1_000, now.firstSeen());
        assertEquals(3_000, now.lastSeen());
        assertEquals(1, now.occurrences());
        assertEquals(List.of(Transition.CLEARED), apply(uds(4_000, "59 02 FF")));
        assertTrue(lifecycle.active().isEmpty());
        assertEquals(List.of(Transition.REAPPEARED), apply(uds(5_000, "59 02 FF 0A A6 00 09")));
        assertEquals(2, lifecycle.active().get(0).occurrences());
        assertEquals(1_000, lifecycle.active().get(0).firstSeen());
    }

    @Test
    void statusSayingNotFailingNotPendingNotConfirmed_clearsTheDtc() {
        apply(uds(1_000, "59 02 FF 0A A6 00 09"));
        assertEquals(List.of(Transition.CLEARED), apply(uds(2_000, "59 02 FF 0A A6 00 50")));
    }

    @Test
    void ecusAreTrackedSeparately_andRulesFireOncePerEpisode() {
        lifecycle.apply(uds(1_000, "59 02 FF 0A A6 00 09"));
        lifecycle.apply(new DtcReport(1_000, "VCU", "j2012", List.of(ReportedDtc.j2012(new DtcCode("U0111"))), null));
        assertEquals(2, lifecycle.active().size());
        assertTrue(lifecycle.markFired("BMS", "P0AA6", "r"));
        assertFalse(lifecycle.markFired("BMS", "P0AA6", "r"));
        lifecycle.apply(uds(2_000, "59 02 FF"));
        assertEquals(1, lifecycle.active().size(), "the VCU's code stays active");
        lifecycle.apply(uds(3_000, "59 02 FF 0A A6 00 09"));
        assertTrue(lifecycle.markFired("BMS", "P0AA6", "r"), "a new episode may fire again");
    }

    @Test
    void theSameCodeWithAnotherFailureTypeOrEncoding_isTheSameDtc() {
        apply(uds(1_000, "59 02 FF 0A A1 00 09"));
        assertEquals(List.of(Transition.STILL_PRESENT), apply(new DtcReport(2_000, "BMS", "j2012",
                List.of(ReportedDtc.j2012(new DtcCode("P0AA1"))), null)));
        assertEquals(List.of(Transition.STILL_PRESENT), apply(uds(3_000, "59 02 FF 0A A1 1C 09")));
        assertEquals(1, lifecycle.active().get(0).occurrences());
    }

    @Test
    void lateReportsAndTooManyEcus_areRecognised() {
        lifecycle.apply(uds(5_000, "59 02 FF 0A A6 00 09"));
        assertTrue(lifecycle.late(uds(3_000, "59 02 FF")));
        assertFalse(lifecycle.late(uds(5_000, "59 02 FF")));
        for (int i = 0; i < DtcLifecycle.MAX_ECUS - 1; i++) {
            lifecycle.apply(new DtcReport(1, "ECU" + i, "j2012", List.of(), null));
        }
        assertFalse(lifecycle.accepts("ONE-TOO-MANY"));
        assertTrue(lifecycle.accepts("BMS"));
    }
}

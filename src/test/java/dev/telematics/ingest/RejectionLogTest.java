package dev.telematics.ingest;

import dev.telematics.handoff.RejectReason;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RejectionLogTest {
    @Test
    void floodOfOneReason_logsFirstThenAtMostOncePerInterval() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-22T08:00:00Z"));
        RejectionLog log = new RejectionLog(clock, 10_000);
        assertTrue(log.log(RejectReason.MALFORMED_JSON, "V1", "bad"));
        for (int i = 0; i < 1000; i++) {
            assertFalse(log.log(RejectReason.MALFORMED_JSON, "V1", "bad"));
        }
        clock.advance(Duration.ofMillis(9_999));
        assertFalse(log.log(RejectReason.MALFORMED_JSON, "V1", "bad"));
        clock.advance(Duration.ofMillis(1));
        assertTrue(log.log(RejectReason.MALFORMED_JSON, "V1", "bad"));
    }

    @Test
    void reasonsAreLimitedSeparately() {
        RejectionLog log = new RejectionLog(new ManualClock(Instant.parse("2026-11-22T08:00:00Z")), 10_000);
        assertTrue(log.log(RejectReason.MALFORMED_JSON, "V1", "bad"));
        assertTrue(log.log(RejectReason.INVALID_VIN, "V1", "bad"));
        assertFalse(log.log(RejectReason.INVALID_VIN, "V1", "bad"));
    }
}

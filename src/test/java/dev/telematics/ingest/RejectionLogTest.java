package dev.telematics.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RejectionLogTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T08:00:00Z");

        void advanceMillis(long ms) {
            now = now.plusMillis(ms);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void floodOfOneReason_logsFirstThenAtMostOncePerInterval() {
        ManualClock clock = new ManualClock();
        RejectionLog log = new RejectionLog(clock, 10_000);
        assertTrue(log.log(RejectReason.MALFORMED_JSON, "V1", "bad"));
        for (int i = 0; i < 1000; i++) {
            assertFalse(log.log(RejectReason.MALFORMED_JSON, "V1", "bad"));
        }
        clock.advanceMillis(9_999);
        assertFalse(log.log(RejectReason.MALFORMED_JSON, "V1", "bad"));
        clock.advanceMillis(1);
        assertTrue(log.log(RejectReason.MALFORMED_JSON, "V1", "bad"));
    }

    @Test
    void reasonsAreLimitedSeparately() {
        RejectionLog log = new RejectionLog(new ManualClock(), 10_000);
        assertTrue(log.log(RejectReason.MALFORMED_JSON, "V1", "bad"));
        assertTrue(log.log(RejectReason.INVALID_VIN, "V1", "bad"));
        assertFalse(log.log(RejectReason.INVALID_VIN, "V1", "bad"));
    }
}

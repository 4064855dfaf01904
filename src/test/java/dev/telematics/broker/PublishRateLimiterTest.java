package dev.telematics.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PublishRateLimiterTest {
    private final AtomicLong now = new AtomicLong();
    private final PublishRateLimiter limiter = new PublishRateLimiter(10, 20, now::get);

    @Test
    void aBurstIsAllowed_thenTheRate_andEachClientHasItsOwnBucket() {
        for (int i = 0; i < 20; i++) {
            assertTrue(limiter.allow("car-a"), "burst " + i);
        }
        assertFalse(limiter.allow("car-a"));
        assertTrue(limiter.allow("car-b"), "another car is not affected");
        now.addAndGet(500_000_000L); // half a second: five more
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            allowed += limiter.allow("car-a") ? 1 : 0;
        }
        assertEquals(5, allowed);
        limiter.forget("car-a");
        assertEquals(1, limiter.clients());
    }

    @Test
    void zeroMeansNoLimit() {
        PublishRateLimiter off = new PublishRateLimiter(0, 1, now::get);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(off.allow("car"));
        }
    }
}

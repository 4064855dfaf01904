package dev.telematics.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.handoff.Outcome;
import dev.telematics.handoff.RejectReason;
import dev.telematics.handoff.VehicleMessage;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A car's share of its worker: a bucket of worker time, refilled per second, refused when empty. */
class VinBudgetTest {
    private static final Vin FLOODER = Vin.of("LRWFLDX0000000001");
    private static final Vin OTHER = Vin.of("LRWGUDC0000000001");
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    @Test
    void carOverItsBurst_isRefusedUntilItsShareRefills_thenForgotten() {
        VinBudget b = new VinBudget(VinBudget.Limits.DEFAULTS); // 2 s at once, then 50 ms per second
        long t = 0;
        assertTrue(b.admits(FLOODER, t));
        b.charge(FLOODER, 1_500 * MS, t);
        assertTrue(b.admits(FLOODER, t), "500 ms of its burst left");
        b.charge(FLOODER, 600 * MS, t);
        assertFalse(b.admits(FLOODER, t), "100 ms over its burst");
        assertTrue(b.admits(OTHER, t), "another car is not concerned");
        assertFalse(b.admits(FLOODER, t + S), "50 ms refilled: still 50 ms short");
        assertTrue(b.admits(FLOODER, t + 3 * S), "refilled by 150 ms: above zero again");
        assertEquals(1, b.snapshot().get("carsTracked"));
        assertTrue(b.admits(FLOODER, t + 60 * S), "full again");
        assertEquals(0, b.snapshot().get("carsTracked"), "a full bucket is forgotten");
        assertEquals(2L, b.snapshot().get("refusedOverShare"));
    }

    @Test
    void cheapMessages_startNoTracking() {
        VinBudget b = new VinBudget(VinBudget.Limits.DEFAULTS);
        for (int i = 0; i < 10_000; i++) {
            b.charge(OTHER, 4 * MS, i * MS); // 40 s of 4 ms messages, each below the 5 ms that starts tracking
        }
        assertTrue(b.admits(OTHER, 10_000 * MS));
        assertEquals(0, b.snapshot().get("carsTracked"));
    }

    @Test
    void limitsOutsideTheirRange_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> new VinBudget.Limits(Duration.ZERO, Duration.ofMillis(50),
                Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new VinBudget.Limits(Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ZERO));
    }

    private static VehicleMessage.Telemetry speed(Vin vin, long ts) {
        return new VehicleMessage.Telemetry(vin, List.of(new Sample(ts, ts, Map.of("Vehicle.Speed", 50.0), Map.of())),
                System.nanoTime());
    }

    @Test
    void tier_refusesTheCarOverItsShareWithOverloaded_andStillTakesOtherCarsOnTheSameWorker() {
        ProcessingFixture f = new ProcessingFixture();
        // a share so small that any processed message uses it up, and slow to refill
        VinBudget.Limits tiny = new VinBudget.Limits(Duration.ofNanos(1), Duration.ofNanos(1), Duration.ZERO);
        try (InProcessTier tier = new InProcessTier(f.processor, 1, 100, tiny)) {
            tier.start();
            long t = f.clock.millis();
            assertEquals(Outcome.PROCESSED, tier.submit(speed(FLOODER, t)).join());
            CompletableFuture<Outcome> again = tier.submit(speed(FLOODER, t + 1));
            assertTrue(again.isDone(), "refused at once, never queued");
            assertEquals(RejectReason.OVERLOADED, again.join().reason());
            assertEquals(Outcome.PROCESSED, tier.submit(speed(OTHER, t)).join());
            assertEquals(1L, tier.share().get("refusedOverShare"));
        }
    }
}

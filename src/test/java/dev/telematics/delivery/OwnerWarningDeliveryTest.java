package dev.telematics.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.config.Json;
import dev.telematics.handoff.OwnerWarning;
import dev.telematics.testing.ManualClock;
import dev.telematics.vehicle.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Delivery marks a case as warned only after the broker took the warning; refusals are retried and counted. */
class OwnerWarningDeliveryTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final Map<Long, Instant> warned = new ConcurrentHashMap<>();
    private final List<OwnerWarning> heard = new CopyOnWriteArrayList<>();

    private static OwnerWarning warning() {
        return new OwnerWarning("W-1", "LRWSTGE0000000001", 1L, 1L, Severity.CRITICAL, "stop-safely", "hv-isolation-fault",
                "Insulation fault", "Stop safely.", "SC-000007", "en", "Stop safely now", "Stop", "Quote SC-000007", false, null);
    }

    private OwnerWarningDelivery delivery(dev.telematics.handoff.DownlinkChannel channel, int attempts) {
        return new OwnerWarningDelivery(channel, Json.newMapper(), clock, (id, warningId, at) -> warned.put(id, at), heard::add, attempts,
                Duration.ofMillis(10));
    }

    @Test
    void warningTakenByTheBroker_marksItsCaseAsWarned_onlyThen() {
        CompletableFuture<Void> broker = new CompletableFuture<>();
        List<String> topics = new CopyOnWriteArrayList<>();
        try (OwnerWarningDelivery d = delivery((topic, payload) -> {
            topics.add(topic);
            return broker;
        }, 3)) {
            d.deliver(warning(), 7L);
            assertEquals(List.of("vehicles/LRWSTGE0000000001/warnings"), topics);
            assertTrue(warned.isEmpty(), "not marked before the broker took it");
            assertEquals(1, d.pending());
            broker.complete(null);
            await().atMost(Duration.ofSeconds(5)).until(() -> warned.containsKey(7L));
            assertEquals(clock.instant(), warned.get(7L));
            assertEquals(1, d.published());
            assertEquals(0, d.pending());
            assertEquals("W-1", heard.get(0).warningId());
        }
    }

    @Test
    void publisherThatFailsEveryTime_isRetried_countedAsFailed_andNeverMarksTheCase() {
        AtomicInteger calls = new AtomicInteger();
        try (OwnerWarningDelivery d = delivery((topic, payload) -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("broker not running"));
        }, 3)) {
            d.deliver(warning(), 7L);
            await().atMost(Duration.ofSeconds(5)).until(() -> d.failed() == 1);
            assertEquals(3, calls.get(), "three attempts");
            assertEquals(2, d.retried());
            assertEquals(0, d.published());
            assertEquals(0, d.pending());
            assertTrue(warned.isEmpty(), "a warning that did not go out is never recorded as sent");
            assertTrue(heard.isEmpty());
        }
    }

    @Test
    void publisherThatFailsOnce_isRetried_andTheWarningGoesOut() {
        AtomicInteger calls = new AtomicInteger();
        try (OwnerWarningDelivery d = delivery((topic, payload) -> calls.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new IllegalStateException("queue full"))
                : CompletableFuture.completedFuture(null), 3)) {
            d.deliver(warning(), 9L);
            await().atMost(Duration.ofSeconds(5)).until(() -> warned.containsKey(9L));
            assertEquals(1, d.published());
            assertEquals(1, d.retried());
            assertEquals(0, d.failed());
        }
    }

    @Test
    void warningWithoutCase_isPublishedAndRecordsNothing() {
        try (OwnerWarningDelivery d = delivery((topic, payload) -> CompletableFuture.completedFuture(null), 1)) {
            d.deliver(warning(), null);
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 1);
            assertTrue(warned.isEmpty());
        }
    }
}

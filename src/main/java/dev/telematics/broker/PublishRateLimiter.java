package dev.telematics.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per MQTT client: at most {@code perSecond} publishes a second on average, with bursts
 * of up to {@code burst}. One flooding car is held back without slowing any other. Thread-safe; each
 * client's bucket is touched in order by HiveMQ (publishes of one client are intercepted in order).
 */
final class PublishRateLimiter {
    private static final class Bucket {
        double tokens;
        long lastNanos;
    }

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** {@code perSecond} 0 switches the limit off. */
    PublishRateLimiter(double perSecond, double burst, LongSupplier nanos) {
        if (perSecond < 0 || (perSecond > 0 && burst < 1)) {
            throw new IllegalArgumentException("rate must be >= 0 and burst >= 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanos = nanos;
    }

    /** Takes one token for the client's publish; false when its bucket is empty (the publish is refused). */
    boolean allow(String clientId) {
        if (perSecond == 0) {
            return true;
        }
        long now = nanos.getAsLong();
        Bucket b = buckets.computeIfAbsent(clientId, k -> {
            Bucket fresh = new Bucket();
            fresh.tokens = burst;
            fresh.lastNanos = now;
            return fresh;
        });
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.lastNanos) / 1e9 * perSecond);
            b.lastNanos = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return true;
            }
            return false;
        }
    }

    /** Forgets a client that disconnected. */
    void forget(String clientId) {
        buckets.remove(clientId);
    }

    int clients() {
        return buckets.size();
    }
}

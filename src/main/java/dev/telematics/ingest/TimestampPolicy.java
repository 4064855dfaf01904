package dev.telematics.ingest;

import dev.telematics.handoff.RejectReason;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which vehicle timestamps ({@code ts}, epoch ms) are believable: not more than {@code maxSkewMillis}
 * ahead of the engine's clock (a car's clock may run a little fast), not older than
 * {@code maxAgeMillis} (a car may send data it buffered while offline, but not from 1970).
 */
public record TimestampPolicy(long maxSkewMillis, long maxAgeMillis) {
    public TimestampPolicy {
        if (maxSkewMillis < 0 || maxAgeMillis <= 0) {
            throw new IllegalArgumentException("max clock skew must be >= 0 and max sample age > 0");
        }
    }

    /** The timestamp in {@code ts}, or the reason it is not acceptable. */
    public Decoded<Long> check(JsonNode ts, long nowMillis) {
        if (ts == null || ts.isNull()) {
            return missing();
        }
        if (!ts.isIntegralNumber() || !ts.canConvertToLong() || ts.asLong() < 0) {
            return invalid(TelemetryDecoder.clip(ts));
        }
        return check(ts.asLong(), nowMillis);
    }

    /** Whether an epoch-millisecond timestamp is believable now. */
    public Decoded<Long> check(long t, long nowMillis) {
        if (t > nowMillis + maxSkewMillis) {
            return Decoded.reject(RejectReason.TIMESTAMP_IN_FUTURE,
                    "'ts' is " + (t - nowMillis) / 1000 + " s ahead of the engine's clock");
        }
        if (t < nowMillis - maxAgeMillis) {
            return Decoded.reject(RejectReason.TIMESTAMP_TOO_OLD,
                    "'ts' is " + (nowMillis - t) / 86_400_000 + " days old, more than the "
                            + maxAgeMillis / 86_400_000 + " days accepted");
        }
        return Decoded.ok(t);
    }

    static <T> Decoded<T> missing() {
        return Decoded.reject(RejectReason.MISSING_FIELD, "missing 'ts' (epoch milliseconds)");
    }

    static <T> Decoded<T> invalid(String got) {
        return Decoded.reject(RejectReason.INVALID_FIELD, "'ts' must be epoch milliseconds >= 0, got " + got);
    }
}

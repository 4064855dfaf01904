package dev.telematics.ingest;

import dev.telematics.handoff.RejectReason;

/** The result of decoding a payload: a value, or the reason it was rejected and a detail for the log. */
public record Decoded<T>(T value, RejectReason reason, String detail) {

    public static <T> Decoded<T> ok(T value) {
        return new Decoded<>(value, null, null);
    }

    public static <T> Decoded<T> reject(RejectReason reason, String detail) {
        return new Decoded<>(null, reason, detail);
    }

    public boolean accepted() {
        return reason == null;
    }
}

package dev.telematics.archive;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the telemetry archive writes (InfluxDB v2 write API). Configuration version 1.
 *
 * @param url           the server, e.g. http://127.0.0.1:8086
 * @param token         the API token (never logged)
 * @param org           the organisation
 * @param bucket        the bucket
 * @param bufferPoints  points waiting to be written at most; beyond, new points are dropped and counted
 * @param batchSize     points per write request at most
 * @param flushInterval how long a point may wait for a fuller batch
 * @param maxRetryDelay the longest pause between retries while the server is down or slow (back-off doubles up to it)
 * @param timeout       connect, read and write timeout of one request
 */
public record ArchiveSettings(URI url, String token, String org, String bucket, int bufferPoints, int batchSize,
                              Duration flushInterval, Duration maxRetryDelay, Duration timeout) {
    public static final int VERSION = 1;

    public ArchiveSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
        Objects.requireNonNull(timeout, "timeout");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("the InfluxDB URL must be http(s)://host:port, got " + url);
        }
        if (org == null || org.isBlank() || bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("the InfluxDB org and bucket must be given");
        }
        token = token == null ? "" : token;
        if (bufferPoints < 1 || batchSize < 1 || batchSize > bufferPoints) {
            throw new IllegalArgumentException("buffer and batch size must be >= 1, batch <= buffer");
        }
        if (flushInterval.isNegative() || flushInterval.isZero() || maxRetryDelay.isNegative()
                || maxRetryDelay.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("archive durations must be > 0");
        }
    }

    /** The defaults: a 100,000-point buffer, batches of 5,000, flushed every second, retries up to 30 s apart. */
    public static ArchiveSettings of(String url, String token, String org, String bucket) {
        return new ArchiveSettings(URI.create(url), token, org, bucket, 100_000, 5_000, Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    public ArchiveSettings withBuffer(int points, int batch) {
        return new ArchiveSettings(url, token, org, bucket, points, batch, flushInterval, maxRetryDelay, timeout);
    }

    public ArchiveSettings withTiming(Duration flush, Duration maxRetry, Duration requestTimeout) {
        return new ArchiveSettings(url, token, org, bucket, bufferPoints, batchSize, flush, maxRetry, requestTimeout);
    }

    @Override
    public String toString() { // without the token
        return "InfluxDB " + url + " org " + org + " bucket " + bucket;
    }
}

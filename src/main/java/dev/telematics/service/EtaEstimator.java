package dev.telematics.service;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a unit needs from one position to another when it leaves at a given time (a routing service
 * may use the time for traffic). Threading contract: an implementation is called from any thread, possibly
 * concurrently, so it must be thread-safe (stateless or internally synchronised); it must not block for
 * long (a remote router needs its own timeout) and never returns null or a negative duration.
 */
@FunctionalInterface
public interface EtaEstimator {
    Duration estimate(GeoPosition from, GeoPosition to, Instant departAt);
}

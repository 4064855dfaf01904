package dev.telematics.service;

import java.time.Instant;
import java.util.Objects;

/** What a unit last reported: where it was, its status, and when. */
public record UnitReport(UnitId unit, GeoPosition position, UnitStatus status, Instant reportedAt) {
    public UnitReport {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reportedAt, "reportedAt");
    }
}

package dev.telematics.service;

import java.time.LocalTime;
import java.util.Objects;

/**
 * A daily time range {@code from}-{@code to}, {@code from} inclusive, {@code to} exclusive. A {@code to}
 * of 00:00 (written "24:00" or "00:00") is the end of the day: "00:00-24:00" is the whole day. A range whose
 * {@code to} is before {@code from} (e.g. 22:00-06:00) runs past midnight into the next day; other equal
 * ends are refused (empty or 24 h would be a guess). Written "HH:MM-HH:MM".
 */
public record TimeRange(LocalTime from, LocalTime to) {
    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.equals(to) && !to.equals(LocalTime.MIDNIGHT)) {
            throw new IllegalArgumentException("time range " + from + "-" + to + " is empty (same start and end)");
        }
    }

    /** Whether the range ends on the next day (22:00-06:00); one that ends at midnight does not. */
    public boolean crossesMidnight() {
        return !endsAtMidnight() && to.isBefore(from);
    }

    public boolean endsAtMidnight() {
        return to.equals(LocalTime.MIDNIGHT);
    }

    /** Parses "07:30-18:00" (or "22:00-06:00", "08:00-24:00"). */
    public static TimeRange parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not a time range HH:MM-HH:MM");
        }
        try {
            LocalTime to = parts[1].trim().equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(parts[1].trim());
            return new TimeRange(LocalTime.parse(parts[0].trim()), to);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time range HH:MM-HH:MM", e);
        }
    }

    @Override
    public String toString() {
        return from + "-" + (to.equals(LocalTime.MIDNIGHT) ? "24:00" : to.toString());
    }
}

package dev.telematics.service;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Hours per weekday in an IANA time zone (opening hours of a service point, a unit's shift). A day without
 * a range is closed. A range crossing midnight belongs to the day it starts: Friday 22:00-06:00 covers
 * Saturday 03:00. Immutable.
 */
public record WeeklyHours(ZoneId zone, Map<DayOfWeek, TimeRange> days) {
    public WeeklyHours {
        Objects.requireNonNull(zone, "time zone");
        days = Map.copyOf(new EnumMap<>(Objects.requireNonNull(days, "days")));
    }

    /** Whether {@code at} falls in the hours, read on the wall clock of {@link #zone()}. */
    public boolean contains(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime t = local.toLocalTime();
        TimeRange today = days.get(local.getDayOfWeek());
        if (today != null && !t.isBefore(today.from()) && (today.endsAtMidnight() || today.crossesMidnight() || t.isBefore(today.to()))) {
            return true;
        }
        TimeRange yesterday = days.get(local.getDayOfWeek().minus(1));
        return yesterday != null && yesterday.crossesMidnight() && t.isBefore(yesterday.to());
    }
}

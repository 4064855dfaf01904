package dev.telematics.cases;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The service center's working days, for SLA targets written in working days. Whole days only (no working
 * hours): a day is a working day when its weekday is one of {@code workingDays} and its date is not one of
 * {@code holidays}, both in {@code zone}.
 *
 * <p>{@link #deadline} for {@code n} working days:
 * <ul>
 *   <li>a start on a working day: the same local time on the n-th working day after the start's day
 *       (Friday 10:00 + 3 working days = Wednesday 10:00);</li>
 *   <li>a start on a day off (weekend, holiday): the clock starts at the beginning (00:00) of the next
 *       working day, so the deadline is 00:00 after n full working days (Saturday 10:00 + 3 working days =
 *       Thursday 00:00, i.e. the end of Wednesday);</li>
 *   <li>a local time that does not exist on the deadline's day (a daylight-saving gap) moves forward by the
 *       gap's length.</li>
 * </ul>
 * Elapsed-time targets ignore the calendar. Pure and immutable.
 */
public record WorkingCalendar(ZoneId zone, Set<DayOfWeek> workingDays, Set<LocalDate> holidays) {
    public static final Set<DayOfWeek> MONDAY_TO_FRIDAY = Set.copyOf(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

    public WorkingCalendar {
        Objects.requireNonNull(zone, "zone");
        workingDays = Set.copyOf(workingDays);
        holidays = Set.copyOf(holidays);
        if (workingDays.isEmpty()) {
            throw new IllegalArgumentException("a working calendar needs at least one working day");
        }
    }

    /** Monday to Friday in UTC, no holidays. */
    public static WorkingCalendar defaults() {
        return new WorkingCalendar(ZoneOffset.UTC, MONDAY_TO_FRIDAY, Set.of());
    }

    public boolean isWorkingDay(LocalDate date) {
        return workingDays.contains(date.getDayOfWeek()) && !holidays.contains(date);
    }

    /** When a target of {@code d} started at {@code start} is due (see the class comment). */
    public Instant deadline(Instant start, SlaDuration d) {
        if (!d.isWorkingDays()) {
            return start.plus(d.elapsed());
        }
        ZonedDateTime local = start.atZone(zone);
        LocalDate day = local.toLocalDate();
        if (!isWorkingDay(day)) {
            // the clock starts at the beginning of the next working day: n full working days from there
            LocalDate first = nextWorkingDay(day);
            return advance(first, d.workingDays() - 1).plusDays(1).atStartOfDay(zone).toInstant();
        }
        return ZonedDateTime.of(advance(day, d.workingDays()), local.toLocalTime(), zone).toInstant();
    }

    /** The n-th working day after {@code day} ({@code day} itself for n = 0). */
    private LocalDate advance(LocalDate day, int n) {
        LocalDate d = day;
        for (int i = 0; i < n; i++) {
            d = nextWorkingDay(d);
        }
        return d;
    }

    private LocalDate nextWorkingDay(LocalDate day) {
        LocalDate d = day.plusDays(1);
        while (!isWorkingDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }
}

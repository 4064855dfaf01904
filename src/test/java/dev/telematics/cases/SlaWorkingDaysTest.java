package dev.telematics.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The working calendar and SLA targets in working days, without a case store. */
class SlaWorkingDaysTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final SlaDuration THREE_DAYS = SlaDuration.ofWorkingDays(3);
    private final WorkingCalendar calendar = new WorkingCalendar(BERLIN, WorkingCalendar.MONDAY_TO_FRIDAY,
            Set.of(LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-25")));

    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    @Test
    void threeWorkingDaysFromFriday_isWednesdayAtTheSameLocalTime() {
        assertEquals(berlin("2026-11-25T10:00"), calendar.deadline(berlin("2026-11-20T10:00"), THREE_DAYS));
    }

    @Test
    void threeWorkingDaysFromMonday_isThursday() {
        assertEquals(berlin("2026-11-26T17:30"), calendar.deadline(berlin("2026-11-23T17:30"), THREE_DAYS));
    }

    @Test
    void configuredHolidays_areSkipped() {
        // Tue 22 Dec: Wed 23 (1), Thu 24 and Fri 25 holidays, weekend, Mon 28 (2), Tue 29 (3)
        assertEquals(berlin("2026-12-29T10:00"), calendar.deadline(berlin("2026-12-22T10:00"), THREE_DAYS));
        WorkingCalendar noHolidays = new WorkingCalendar(BERLIN, WorkingCalendar.MONDAY_TO_FRIDAY, Set.of());
        assertEquals(berlin("2026-12-25T10:00"), noHolidays.deadline(berlin("2026-12-22T10:00"), THREE_DAYS));
    }

    @Test
    void startOnASaturday_countsFromMondaysStart_soItIsDueAtTheEndOfWednesday() {
        assertEquals(berlin("2026-11-26T00:00"), calendar.deadline(berlin("2026-11-21T10:00"), THREE_DAYS));
        assertEquals(berlin("2026-11-24T00:00"), calendar.deadline(berlin("2026-11-22T23:59"),
                SlaDuration.ofWorkingDays(1)), "Sunday + 1 working day: end of Monday");
    }

    @Test
    void startOnAHoliday_countsFromTheNextWorkingDaysStart() {
        // Thu 24 Dec (holiday): Mon 28, Tue 29, Wed 30 -> Thu 31 00:00
        assertEquals(berlin("2026-12-31T00:00"), calendar.deadline(berlin("2026-12-24T09:00"), THREE_DAYS));
    }

    @Test
    void theLocalTimeIsKept_acrossADaylightSavingChange() {
        // Fri 27 Mar 2026 10:00 CET (+1) -> Wed 1 Apr 10:00 CEST (+2): 119 h, not 120 h
        Instant start = berlin("2026-03-27T10:00");
        Instant due = calendar.deadline(start, THREE_DAYS);
        assertEquals(Instant.parse("2026-04-01T08:00:00Z"), due);
        assertEquals(Duration.ofHours(119), Duration.between(start, due));
    }

    @Test
    void theCalendarsZoneDecidesTheDay() {
        // Friday 23:30 UTC is already Saturday 00:30 in Berlin: a day off there
        Instant start = Instant.parse("2026-11-20T23:30:00Z");
        assertEquals(berlin("2026-11-26T00:00"), calendar.deadline(start, THREE_DAYS));
        assertEquals(Instant.parse("2026-11-25T23:30:00Z"), WorkingCalendar.defaults().deadline(start, THREE_DAYS));
    }

    @Test
    void elapsedTimeTargets_ignoreTheCalendar() {
        Instant friday = berlin("2026-12-23T10:00");
        assertEquals(friday.plus(Duration.ofHours(72)), calendar.deadline(friday, SlaDuration.of(Duration.ofHours(72))));
        assertEquals(friday.plus(Duration.ofMinutes(5)), calendar.deadline(friday, SlaDuration.parse("5m")));
    }

    @Test
    void configuredWorkingDays_replaceMondayToFriday() {
        WorkingCalendar sixDays = new WorkingCalendar(BERLIN, Set.of(java.time.DayOfWeek.values()).stream()
                .filter(d -> d != java.time.DayOfWeek.SUNDAY).collect(java.util.stream.Collectors.toSet()), Set.of());
        assertEquals(berlin("2026-11-24T10:00"), sixDays.deadline(berlin("2026-11-20T10:00"), THREE_DAYS),
                "Fri + 3 with Saturdays working: Sat, Mon, Tue");
        assertThrows(IllegalArgumentException.class, () -> new WorkingCalendar(BERLIN, Set.of(), Set.of()));
    }

    @Test
    void parse_readsWorkingDaysAndPlainDurations() {
        assertEquals(THREE_DAYS, SlaDuration.parse("3 working days"));
        assertEquals(SlaDuration.ofWorkingDays(1), SlaDuration.parse(" 1 Working Day "));
        assertEquals(SlaDuration.of(Duration.ofHours(4)), SlaDuration.parse("4h"));
        assertEquals(SlaDuration.of(Duration.ofDays(3)), SlaDuration.parse("3d"), "3d stays three elapsed days");
        assertEquals("3 working days", THREE_DAYS.toString());
    }

    @Test
    void parse_refusesWhatIsNotATarget_sayingWhatIsAccepted() {
        for (String bad : new String[] {"3wd", "3 workdays", "0 working days", "three working days", "", "0s", "-4h"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SlaDuration.parse(bad), bad);
            assertTrue(e.getMessage().contains("3 working days") || e.getMessage().contains("at least 1"), e.getMessage());
        }
    }

    @Test
    void target_refusesAWorkingDayAcknowledgeWithAnElapsedOutcome_andAnAcknowledgeLongerThanTheOutcome() {
        new SlaTarget(SlaDuration.parse("4h"), THREE_DAYS);
        new SlaTarget(SlaDuration.ofWorkingDays(1), THREE_DAYS);
        assertThrows(IllegalArgumentException.class, () -> new SlaTarget(SlaDuration.ofWorkingDays(1), SlaDuration.parse("240h")));
        assertThrows(IllegalArgumentException.class, () -> new SlaTarget(SlaDuration.parse("48h"), SlaDuration.ofWorkingDays(1)));
        assertThrows(IllegalArgumentException.class, () -> new SlaTarget(THREE_DAYS, SlaDuration.ofWorkingDays(2)));
    }
}

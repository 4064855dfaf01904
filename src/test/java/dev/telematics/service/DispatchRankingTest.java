package dev.telematics.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DispatchRankingTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Wednesday 2026-12-02 14:00 in Munich (CET, UTC+1). */
    private static final Instant WED_14H = Instant.parse("2026-12-02T13:00:00Z");
    private static final GeoPosition CAR = new GeoPosition(48.1374, 11.5755);           // Marienplatz
    private static final GeoPosition NEAR = new GeoPosition(48.1500, 11.5800);          // ~1.4 km
    private static final GeoPosition MID = new GeoPosition(48.2000, 11.6000);           // ~7 km
    private static final GeoPosition FAR = new GeoPosition(48.3538, 11.7861);           // airport, ~29 km
    private final DispatchRanking ranking = new DispatchRanking(new GreatCircleEta(), Duration.ofMinutes(10));
    private final Map<UnitId, UnitReport> reports = new HashMap<>();

    private static WeeklyHours everyDay(String range) {
        Map<DayOfWeek, TimeRange> d = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            d.put(day, TimeRange.parse(range));
        }
        return new WeeklyHours(BERLIN, d);
    }

    private static ServiceUnit van(String id, String shift, String... skills) {
        return new ServiceUnit(new UnitId(id), UnitKind.VAN, new GeoPosition(48.1, 11.5), Set.of(skills), everyDay(shift));
    }

    private void report(String id, GeoPosition at, UnitStatus status, Instant when) {
        reports.put(new UnitId(id), new UnitReport(new UnitId(id), at, status, when));
    }

    private List<String> ids(List<DispatchCandidate> ranked) {
        return ranked.stream().map(c -> c.unit().id().value()).toList();
    }

    @Test
    void nearestAvailableVanWithTheSkill_ranksFirst() {
        List<ServiceUnit> units = List.of(van("far", "06:00-22:00", "hv-battery"), van("near", "06:00-22:00", "hv-battery"),
                van("mid", "06:00-22:00", "hv-battery"));
        report("far", FAR, UnitStatus.AVAILABLE, WED_14H);
        report("near", NEAR, UnitStatus.AVAILABLE, WED_14H);
        report("mid", MID, UnitStatus.AVAILABLE, WED_14H);

        List<DispatchCandidate> ranked = ranking.rank("hv-battery", CAR, units, reports, WED_14H);

        assertEquals(List.of("near", "mid", "far"), ids(ranked));
        DispatchCandidate first = ranked.get(0);
        assertEquals(1.42, first.distanceKm(), 0.05);
        // 1.42 km * 1.3 at 50 km/h: about 2.2 minutes
        assertEquals(first.distanceKm() * 1.3 / 50 * 3600, first.eta().toMillis() / 1000.0, 0.01);
    }

    @Test
    void busyOffShiftOrUnskilledUnits_neverAppear() {
        List<ServiceUnit> units = List.of(van("en-route", "06:00-22:00", "hv-battery"), van("on-site", "06:00-22:00", "hv-battery"),
                van("said-off", "06:00-22:00", "hv-battery"), van("shift-over", "06:00-12:00", "hv-battery"),
                van("no-skill", "06:00-22:00", "12v-electrical"), van("ok", "06:00-22:00", "hv-battery", "thermal"));
        report("en-route", NEAR, UnitStatus.EN_ROUTE, WED_14H);
        report("on-site", NEAR, UnitStatus.ON_SITE, WED_14H);
        report("said-off", NEAR, UnitStatus.OFF_SHIFT, WED_14H);
        report("shift-over", NEAR, UnitStatus.AVAILABLE, WED_14H);
        report("no-skill", NEAR, UnitStatus.AVAILABLE, WED_14H);
        report("ok", FAR, UnitStatus.AVAILABLE, WED_14H);

        assertEquals(List.of("ok"), ids(ranking.rank("hv-battery", CAR, units, reports, WED_14H)));
        assertEquals(List.of(), ids(ranking.rank("chassis", CAR, units, reports, WED_14H)));
    }

    @Test
    void nightShiftAcrossMidnight_coversTheEarlyHoursOfTheNextDay() {
        List<ServiceUnit> units = List.of(van("night", "22:00-06:00", "hv-battery"), van("day", "06:00-22:00", "hv-battery"));
        Instant thu0300 = Instant.parse("2026-12-03T02:00:00Z");   // Thursday 03:00 in Berlin
        Instant thu0600 = Instant.parse("2026-12-03T05:00:00Z");   // Thursday 06:00: night shift over, day shift on
        Instant wed2159 = Instant.parse("2026-12-02T20:59:00Z");   // Wednesday 21:59: night shift not yet on
        report("night", NEAR, UnitStatus.AVAILABLE, thu0300);
        report("day", FAR, UnitStatus.AVAILABLE, thu0300);
        assertEquals(List.of("night"), ids(ranking.rank("hv-battery", CAR, units, reports, thu0300)));

        report("night", NEAR, UnitStatus.AVAILABLE, thu0600);
        report("day", FAR, UnitStatus.AVAILABLE, thu0600);
        assertEquals(List.of("day"), ids(ranking.rank("hv-battery", CAR, units, reports, thu0600)));

        report("night", NEAR, UnitStatus.AVAILABLE, wed2159);
        report("day", FAR, UnitStatus.AVAILABLE, wed2159);
        assertEquals(List.of("day"), ids(ranking.rank("hv-battery", CAR, units, reports, wed2159)));
    }

    @Test
    void shiftOnSundayNight_endsOnMondayMorning() {
        Map<DayOfWeek, TimeRange> sundayOnly = new EnumMap<>(DayOfWeek.class);
        sundayOnly.put(DayOfWeek.SUNDAY, TimeRange.parse("20:00-04:00"));
        ServiceUnit u = new ServiceUnit(new UnitId("sun"), UnitKind.RESCUE_TRUCK, NEAR, Set.of("chassis"),
                new WeeklyHours(BERLIN, sundayOnly));
        Instant mon0330 = Instant.parse("2026-12-07T02:30:00Z");
        Instant mon0400 = Instant.parse("2026-12-07T03:00:00Z");
        report("sun", NEAR, UnitStatus.AVAILABLE, mon0330);
        assertEquals(List.of("sun"), ids(ranking.rank("chassis", CAR, List.of(u), reports, mon0330)));
        assertEquals(List.of(), ids(ranking.rank("chassis", CAR, List.of(u), reports, mon0400)));
    }

    @Test
    void wholeDayShift_isOnAtEveryHour_andShiftHoursAreReadInTheUnitsTimeZone() {
        ServiceUnit allDay = van("all-day", "00:00-24:00", "chassis");
        ServiceUnit ny = new ServiceUnit(new UnitId("ny"), UnitKind.VAN, NEAR, Set.of("chassis"),
                new WeeklyHours(ZoneId.of("America/New_York"), Map.of(DayOfWeek.WEDNESDAY, TimeRange.parse("06:00-10:00"))));
        for (int h = 0; h < 24; h++) {
            Instant t = WED_14H.plus(Duration.ofHours(h));
            report("all-day", MID, UnitStatus.AVAILABLE, t);
            report("ny", NEAR, UnitStatus.AVAILABLE, t);
            List<String> ranked = ids(ranking.rank("chassis", CAR, List.of(allDay, ny), reports, t));
            // Wednesday 06:00-10:00 in New York is 11:00-15:00 UTC
            boolean nyOn = !t.isBefore(Instant.parse("2026-12-02T11:00:00Z")) && t.isBefore(Instant.parse("2026-12-02T15:00:00Z"));
            assertEquals(nyOn ? List.of("ny", "all-day") : List.of("all-day"), ranked, "at " + t);
        }
    }

    @Test
    void staleOrMissingReport_leavesTheUnitOut() {
        List<ServiceUnit> units = List.of(van("stale", "06:00-22:00", "hv-battery"), van("fresh", "06:00-22:00", "hv-battery"),
                van("silent", "06:00-22:00", "hv-battery"), van("edge", "06:00-22:00", "hv-battery"));
        report("stale", NEAR, UnitStatus.AVAILABLE, WED_14H.minus(Duration.ofMinutes(10)).minusSeconds(1));
        report("edge", MID, UnitStatus.AVAILABLE, WED_14H.minus(Duration.ofMinutes(10)));
        report("fresh", FAR, UnitStatus.AVAILABLE, WED_14H.minusSeconds(30));

        assertEquals(List.of("edge", "fresh"), ids(ranking.rank("hv-battery", CAR, units, reports, WED_14H)));
    }

    @Test
    void reportFromSlightlyAfterNow_countsAsFresh_andReportsOfUnknownUnitsAreIgnored() {
        List<ServiceUnit> units = List.of(van("ahead", "06:00-22:00", "hv-battery"));
        report("ahead", NEAR, UnitStatus.AVAILABLE, WED_14H.plusSeconds(2));   // the unit's clock runs ahead
        report("stranger", CAR, UnitStatus.AVAILABLE, WED_14H);
        assertEquals(List.of("ahead"), ids(ranking.rank("hv-battery", CAR, units, reports, WED_14H)));
    }

    @Test
    void equalEtas_areOrderedById() {
        List<ServiceUnit> units = List.of(van("b", "06:00-22:00", "network"), van("c", "06:00-22:00", "network"),
                van("a", "06:00-22:00", "network"));
        for (String id : List.of("c", "a", "b")) {
            report(id, MID, UnitStatus.AVAILABLE, WED_14H);
        }
        DispatchRanking constant = new DispatchRanking((from, to, at) -> Duration.ofMinutes(7), Duration.ofMinutes(10));
        assertEquals(List.of("a", "b", "c"), ids(constant.rank("network", CAR, units, reports, WED_14H)));
    }

    @Test
    void etaEstimator_isGivenTheReportedPositionAndNow() {
        List<ServiceUnit> units = List.of(van("v", "06:00-22:00", "thermal"));
        report("v", MID, UnitStatus.AVAILABLE, WED_14H.minusSeconds(5));
        DispatchRanking r = new DispatchRanking((from, to, at) -> {
            assertEquals(MID, from);
            assertEquals(CAR, to);
            assertEquals(WED_14H, at);
            return Duration.ofMinutes(3);
        }, Duration.ofMinutes(10));
        assertEquals(Duration.ofMinutes(3), r.rank("thermal", CAR, units, reports, WED_14H).get(0).eta());
    }

    @Test
    void greatCircleEta_usesRoadFactorAndSpeed() {
        GeoPosition munich = new GeoPosition(48.1374, 11.5755);
        GeoPosition berlin = new GeoPosition(52.5200, 13.4050);
        assertEquals(504, munich.distanceKm(berlin), 2);   // the straight line Munich-Berlin is about 504 km
        Duration d = new GreatCircleEta(1.0, 100).estimate(munich, berlin, WED_14H);
        assertEquals(munich.distanceKm(berlin) / 100 * 3600, d.toMillis() / 1000.0, 0.01);
        assertTrue(new GreatCircleEta().estimate(munich, berlin, WED_14H).compareTo(d) > 0);
        assertThrows(IllegalArgumentException.class, () -> new GreatCircleEta(0.5, 50));
        assertThrows(IllegalArgumentException.class, () -> new GreatCircleEta(1.3, 0));
    }

    @Test
    void positionsOutOfRange_andEmptyRanges_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GeoPosition(90.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new GeoPosition(0, -180.5));
        assertThrows(IllegalArgumentException.class, () -> new GeoPosition(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> TimeRange.parse("08:00-08:00"));
        assertThrows(IllegalArgumentException.class, () -> new UnitId("Van 1"));
        assertThrows(IllegalArgumentException.class, () -> new DispatchRanking(new GreatCircleEta(), Duration.ZERO));
    }
}

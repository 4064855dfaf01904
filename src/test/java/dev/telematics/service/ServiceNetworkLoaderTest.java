package dev.telematics.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceNetworkLoaderTest {
    private final ServiceNetworkLoader loader = new ServiceNetworkLoader(Set.of("12 V battery", "coolant"),
            Set.of("hv-battery", "12v-electrical", "chassis"));

    private static final String POINT = """
            version: 1
            servicePoints:
              - id: muc-1
                name: Munich
                location: {lat: 48.19, lon: 11.61}
                timeZone: Europe/Berlin
                openingHours:
                  mon: "07:00-19:00"
                  sat: "08:00-24:00"
                skills: [hv-battery]
                bays: 3
                stock:
                  12 V battery: 4
                  coolant: 0
            """;
    private static final String UNIT = """
            units:
              - id: van-1
                kind: VAN
                home: {lat: 48.19, lon: 11.61}
                skills: [12v-electrical, chassis]
                timeZone: Europe/Berlin
                shift:
                  fri: "22:00-06:00"
            """;

    private ServiceNetwork load(String yaml) {
        return loader.load("net.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private List<String> problems(String yaml) {
        ServiceNetworkException e = assertThrows(ServiceNetworkException.class, () -> load(yaml));
        assertEquals(ErrorCode.CONFIG_INVALID, e.code());
        return e.problems();
    }

    @Test
    void shippedDemoNetwork_loadsAgainstTheRealKnowledgeBase() {
        ServiceNetwork net = ServiceNetworkLoader.forKnowledgeBase(KnowledgeBase.load(Path.of("rules")))
                .load(Path.of("config/service-network.yaml"));
        assertEquals(4, net.points().size());
        assertTrue(net.units().stream().anyMatch(u -> u.kind() == UnitKind.RESCUE_TRUCK));
        assertTrue(net.units().stream().anyMatch(u -> u.shift().days().values().stream().anyMatch(TimeRange::crossesMidnight)));
        ServicePoint muc = net.point(new ServicePointId("muc-freimann")).orElseThrow();
        assertEquals(12, muc.stockOf("12 V battery"));
        assertEquals(0, muc.stockOf("not stocked"));
    }

    @Test
    void validFile_givesPointsAndUnits() {
        ServiceNetwork net = load(POINT + UNIT);
        ServicePoint p = net.points().get(0);
        assertEquals(new ServicePointId("muc-1"), p.id());
        assertEquals(new GeoPosition(48.19, 11.61), p.location());
        assertEquals(3, p.bays());
        assertEquals(4, p.stockOf("12 V battery"));
        assertEquals(TimeRange.parse("07:00-19:00"), p.openingHours().days().get(DayOfWeek.MONDAY));
        // Saturday 2026-12-05 23:30 in Berlin: open until midnight
        assertTrue(p.openingHours().contains(Instant.parse("2026-12-05T22:30:00Z")));
        ServiceUnit u = net.unit(new UnitId("van-1")).orElseThrow();
        assertEquals(UnitKind.VAN, u.kind());
        // Saturday 2026-12-05 05:00 in Berlin: still Friday's night shift
        assertTrue(u.shift().contains(Instant.parse("2026-12-05T04:00:00Z")));
        assertFalse(u.shift().contains(Instant.parse("2026-12-05T05:00:00Z")));
    }

    @Test
    void unknownPart_isReportedWithItsLine() {
        assertEquals(List.of("net.yaml:15: servicePoints[0].stock.flux capacitor: unknown part 'flux capacitor'"
                        + " (not a part of the knowledge base)"),
                problems(POINT + "      flux capacitor: 1\n"));
    }

    @Test
    void negativeStock_isReportedWithItsLine() {
        assertEquals(List.of("net.yaml:14: servicePoints[0].stock.coolant: negative stock -2"),
                problems(POINT.replace("coolant: 0", "coolant: -2")));
    }

    @Test
    void duplicateId_namesBothPlaces() {
        String twice = POINT + UNIT.replace("van-1", "muc-1");
        assertEquals(List.of("net.yaml:16: units[0].id: id 'muc-1' is used twice (first at net.yaml:3)"), problems(twice));
    }

    @Test
    void positionOutOfRange_badTimeZone_closingBeforeOpening_unknownSkill_areAllReportedTogether() {
        String bad = POINT.replace("lat: 48.19", "lat: 91").replace("Europe/Berlin", "Europe/Munich")
                .replace("\"07:00-19:00\"", "\"19:00-07:00\"").replace("[hv-battery]", "[hv-battery, welding]");
        assertEquals(List.of(
                "net.yaml:5: servicePoints[0].location.lat: 91.0 is outside [-90, 90]",
                "net.yaml:6: servicePoints[0].timeZone: 'Europe/Munich' is not an IANA time zone (e.g. Europe/Berlin)",
                "net.yaml:8: servicePoints[0].openingHours.mon: closes (07:00) before it opens (19:00)",
                "net.yaml:10: servicePoints[0].skills[1]: unknown skill 'welding' (known: [12v-electrical, chassis, hv-battery])"),
                problems(bad));
    }

    @Test
    void unitFieldErrors_areReported() {
        String bad = POINT + UNIT.replace("kind: VAN", "kind: BUS").replace("lon: 11.61}", "lon: -181}")
                .replace("\"22:00-06:00\"", "\"22:00\"").replace("    timeZone", "    colour: red\n    timeZone");
        List<String> problems = problems(bad);
        assertEquals(List.of(
                "net.yaml:20: units[0].colour: unknown field 'colour' (known: [home, id, kind, shift, skills, timeZone])",
                "net.yaml:17: units[0].kind: 'BUS' is not one of [VAN, RESCUE_TRUCK]",
                "net.yaml:18: units[0].home.lon: -181.0 is outside [-180, 180]",
                "net.yaml:23: units[0].shift.fri: '22:00' is not a time range HH:MM-HH:MM"), problems);
    }

    @Test
    void missingFieldsAndWrongVersion_areReported() {
        List<String> problems = problems("""
                version: 2
                servicePoints:
                  - id: p1
                    bays: 0
                """);
        assertEquals("net.yaml:1: version: version must be 1", problems.get(0));
        assertTrue(problems.contains("net.yaml:3: servicePoints[0].name: missing"), problems.toString());
        assertTrue(problems.contains("net.yaml:4: servicePoints[0].bays: must be a whole number of at least 1"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("net.yaml:3: servicePoints[0].timeZone: missing")), problems.toString());
    }

    @Test
    void keyGivenTwice_andBrokenYaml_areReported() {
        assertEquals(List.of("net.yaml:15: 'servicePoints[0].stock.coolant' is given twice (first at line 14)"),
                problems(POINT + "      coolant: 3\n"));
        assertTrue(problems("version: 1\nservicePoints: [\n").get(0).startsWith("net.yaml:"));
    }

    @Test
    void missingFile_isReportedWithItsName() {
        ServiceNetworkException e = assertThrows(ServiceNetworkException.class,
                () -> loader.load(Path.of("config/no-such-network.yaml")));
        assertTrue(e.problems().get(0).startsWith("config/no-such-network.yaml: cannot read"), e.problems().toString());
    }
}

package dev.telematics.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.vehicle.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading SLA targets and the working calendar from a service-center file. */
class ServiceCenterConfigLoadTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("service-center.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private String refused(String yaml) throws IOException {
        Path f = file(yaml);
        EngineException e = assertThrows(EngineException.class, () -> ServiceCenterConfig.load(f));
        assertEquals(ErrorCode.CONFIG_INVALID, e.code());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void theShippedFile_withPlainDurations_loadsAsBefore() {
        ServiceCenterConfig c = ServiceCenterConfig.load(Path.of("config", "service-center.yaml"));
        assertEquals(new SlaTarget(Duration.ofHours(4), Duration.ofHours(72)), c.sla().get(Severity.MEDIUM));
        assertEquals(new SlaTarget(Duration.ofMinutes(5), Duration.ofHours(4)), c.sla().get(Severity.CRITICAL));
        assertEquals(WorkingCalendar.defaults(), c.calendar());
    }

    @Test
    void workingDayTargets_andTheCalendar_areRead() throws IOException {
        ServiceCenterConfig c = ServiceCenterConfig.load(file("""
                version: 1
                sla:
                  medium: {acknowledge: 4h, outcome: 3 working days}
                  low:    {acknowledge: 1 working day, outcome: 5 working days}
                calendar:
                  zone: Europe/Berlin
                  workingDays: [mon, tue, wed, thu, friday]
                  holidays: [2026-12-24, "2026-12-25"]
                """));
        assertEquals(new SlaTarget(SlaDuration.of(Duration.ofHours(4)), SlaDuration.ofWorkingDays(3)),
                c.sla().get(Severity.MEDIUM));
        assertEquals(new SlaTarget(SlaDuration.ofWorkingDays(1), SlaDuration.ofWorkingDays(5)), c.sla().get(Severity.LOW));
        assertEquals(ServiceCenterConfig.defaults().sla().get(Severity.HIGH), c.sla().get(Severity.HIGH), "unlisted: default");
        assertEquals(new WorkingCalendar(ZoneId.of("Europe/Berlin"), WorkingCalendar.MONDAY_TO_FRIDAY,
                Set.of(LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-25"))), c.calendar());
    }

    @Test
    void aBadTarget_namesTheFileTheFieldAndWhatIsAccepted() throws IOException {
        String m = refused("version: 1\nsla:\n  medium: {acknowledge: 4h, outcome: 3wd}\n");
        assertTrue(m.contains("sla.medium.outcome") && m.contains("'3wd'") && m.contains("3 working days"), m);
        m = refused("version: 1\nsla:\n  medium: {acknowledge: 4h, outcome: 0 working days}\n");
        assertTrue(m.contains("sla.medium.outcome") && m.contains("at least 1"), m);
        m = refused("version: 1\nsla:\n  medium: {acknowledge: 1 working day, outcome: 72h}\n");
        assertTrue(m.contains("sla.medium") && m.contains("working days too"), m);
    }

    @Test
    void aBadCalendar_namesTheFileAndTheField() throws IOException {
        assertTrue(refused("version: 1\ncalendar: {zone: Mars/Olympus}\n").contains("calendar.zone"));
        assertTrue(refused("version: 1\ncalendar: {workingDays: [mon, funday]}\n").contains("unknown day 'funday'"));
        assertTrue(refused("version: 1\ncalendar: {workingDays: []}\n").contains("calendar.workingDays"));
        assertTrue(refused("version: 1\ncalendar: {holidays: [2026-13-01]}\n").contains("calendar.holidays: bad date"));
        assertTrue(refused("version: 1\ncalendar: {hours: 08:00-18:00}\n").contains("unknown field 'calendar.hours'"));
        assertTrue(refused("version: 1\ncalendar: Europe/Berlin\n").contains("calendar: must be a mapping"));
    }
}

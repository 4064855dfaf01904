package dev.telematics.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.config.Json;
import dev.telematics.dtc.DtcView;
import dev.telematics.rules.OwnerMessage;
import dev.telematics.rules.RuleFiring;
import dev.telematics.rules.RuleMeta;
import dev.telematics.testing.ManualClock;
import dev.telematics.vehicle.Severity;
import dev.telematics.vehicle.TimedValue;
import dev.telematics.vehicle.Vin;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A case holds two evidences, the first and the latest; a recurrence copies its evidence only when the
 * content changed. The omitted counts and the digest survive the database, and evidence stored before they
 * existed still reads.
 */
class EvidenceRecurrenceTest {
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final String VIN = "LRWDEMC0000000001";
    private static final RuleMeta RULE = new RuleMeta("lost-comm-ecm", "dtc", "d", Severity.HIGH, true,
            "lost-comm-ecm", new OwnerMessage("t", "x"), "test");
    private static final ObjectMapper JSON = Json.newMapper();

    @TempDir
    Path dir;

    private static DtcView dtc(String code, Instant lastSeen) {
        return new DtcView("ECU0", code, code, "d", null, false, null, null, null, List.of(), null, null, null,
                "CONFIRMED", T0, lastSeen, 1);
    }

    /** Evidence taken at {@code at}: the same content whenever taken, unless {@code value} differs. */
    private static Evidence evidence(Instant at, double value) {
        return new Evidence(at, Map.of("dtc", "U0100", "value", value), Map.of("Vehicle.Speed", 0.0), Map.of(),
                Map.of("Vehicle.Speed", List.of(new TimedValue(T0.toEpochMilli(), 0.0))), List.of(dtc("U0100", at)),
                List.of(), 31_000, 0, 5, null);
    }

    private static CaseOutcome fire(Cases cases, Instant at, Evidence e) {
        return cases.intake().recordFiring(new RuleFiring(RULE, Vin.of(VIN), at.toEpochMilli(), Map.of()), e);
    }

    @Test
    void recurrenceWithUnchangedEvidence_onlyCountsTheOccurrence_changedEvidenceReplacesTheLatest() {
        ManualClock clock = new ManualClock(T0);
        try (CaseDatabase db = CaseDatabase.embedded(dir.resolve("data"))) {
            Cases cases = Cases.of(db.caseStore(JSON), clock, CaseListener.NONE);
            DiagnosticCase opened = fire(cases, T0, evidence(T0, 1.0)).diagnosticCase();
            clock.advance(Duration.ofMinutes(1));
            Instant t1 = T0.plusSeconds(60);
            DiagnosticCase same = fire(cases, t1, evidence(t1, 1.0)).diagnosticCase();
            assertEquals(2, same.occurrences());
            assertEquals(clock.instant(), same.lastSeenAt());
            assertEquals(T0, same.latestEvidence().vehicleTime(), "the stored latest evidence is kept, not copied again");
            assertEquals(opened.evidence().digest(), same.latestEvidence().digest());

            clock.advance(Duration.ofMinutes(1));
            Instant t2 = T0.plusSeconds(120);
            DiagnosticCase changed = fire(cases, t2, evidence(t2, 2.0)).diagnosticCase();
            assertEquals(3, changed.occurrences());
            assertEquals(t2, changed.latestEvidence().vehicleTime());
            assertEquals(T0, changed.evidence().vehicleTime(), "the first evidence stays");

            DiagnosticCase read = db.caseStore(JSON).findByNumber(opened.number()).orElseThrow();
            assertEquals(31_000, read.latestEvidence().dtcsOmitted());
            assertEquals(5, read.latestEvidence().historyPointsOmitted());
            assertEquals(changed.latestEvidence().digest(), read.latestEvidence().digest());
            assertTrue(read.latestEvidence().sameContentAs(evidence(t2.plusSeconds(9), 2.0)));
        }
    }

    @Test
    void evidenceJson_showsWhatWasLeftOut_andEvidenceStoredBeforeTheCountsStillReads() throws Exception {
        JsonNode written = JSON.valueToTree(evidence(T0, 1.0));
        assertEquals(31_000, written.get("dtcsOmitted").asInt());
        assertEquals(0, written.get("signalsOmitted").asInt());
        assertEquals(5, written.get("historyPointsOmitted").asInt());
        assertEquals(64, written.get("digest").asText().length());

        String old = "{\"vehicleTime\":\"2026-12-01T08:00:00Z\",\"trigger\":{\"value\":1.0},\"signals\":{},"
                + "\"arraySignals\":{},\"recent\":{},\"dtcs\":[],\"diagnosis\":[]}";
        Evidence read = JSON.readValue(old, Evidence.class);
        assertEquals(0, read.dtcsOmitted());
        assertEquals(64, read.digest().length(), "computed when the stored evidence has none");
        assertFalse(read.sameContentAs(evidence(T0, 1.0)));
    }

    @Test
    void anotherMessageSequenceNumber_isNotAnotherContent() {
        Instant t1 = T0.plusSeconds(5);
        Evidence first = new Evidence(T0, Map.of("value", 1.0, "seq", 41L), Map.of(), Map.of(), Map.of(),
                List.of(dtc("U0100", T0)), List.of());
        Evidence next = new Evidence(t1, Map.of("value", 1.0, "seq", 42L), Map.of(), Map.of(), Map.of(),
                List.of(dtc("U0100", t1)), List.of());
        Evidence changed = new Evidence(t1, Map.of("value", 2.0, "seq", 42L), Map.of(), Map.of(), Map.of(),
                List.of(dtc("U0100", t1)), List.of());

        assertTrue(next.sameContentAs(first), "only the message number and the times changed");
        assertFalse(changed.sameContentAs(first));
    }
}

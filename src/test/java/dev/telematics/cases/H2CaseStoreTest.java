package dev.telematics.cases;

import dev.telematics.vehicle.Severity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.telematics.config.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded H2 database in a data folder, and what survives a restart. */
class H2CaseStoreTest extends CaseStoreContract {
    @TempDir
    Path dir;
    private final List<CaseDatabase> open = new ArrayList<>();

    @Override
    CaseStore store() {
        CaseDatabase db = CaseDatabase.embedded(dir.resolve("data-" + open.size()));
        open.add(db);
        return db.caseStore(Json.newMapper());
    }

    @AfterEach
    void closeAll() {
        open.forEach(CaseDatabase::close);
    }

    @Test
    void casesNotesAndAuditTrail_surviveARestartOfTheDatabase() {
        Path data = dir.resolve("restart");
        String number;
        try (CaseDatabase db = CaseDatabase.embedded(data)) {
            Cases cases = Cases.of(db.caseStore(Json.newMapper()), java.time.Clock.systemUTC(), CaseListener.NONE);
            CaseWorkflow s = cases.workflow();
            DiagnosticCase c = cases.intake().recordFiring(new dev.telematics.rules.RuleFiring(new dev.telematics.rules.RuleMeta(
                    "hv-isolation-fault", "dtc", "d", dev.telematics.vehicle.Severity.CRITICAL, true, "hv-isolation",
                    new dev.telematics.rules.OwnerMessage("t", "x"), "test"), dev.telematics.vehicle.Vin.of(
                    "LRWDEMC0000000001"), T0.toEpochMilli(), java.util.Map.of()), evidence(11.0)).diagnosticCase();
            number = c.number();
            s.acknowledge(number, "ana");
            s.addNote(number, "ana", "asked the owner to stop");
            s.transition(number, "ana", CaseStatus.IN_DIAGNOSIS, "reading history", null);
        }
        try (CaseDatabase db = CaseDatabase.embedded(data)) {
            DiagnosticCase c = db.caseStore(Json.newMapper()).findByNumber(number).orElseThrow();
            assertEquals(CaseStatus.IN_DIAGNOSIS, c.status());
            assertEquals("asked the owner to stop", c.notes().get(0).text());
            assertEquals(List.of(CaseEventType.OPENED, CaseEventType.STATUS_CHANGED, CaseEventType.NOTE_ADDED,
                            CaseEventType.STATUS_CHANGED),
                    c.events().stream().map(CaseEvent::type).toList());
            assertEquals("reading history", c.events().get(3).detail());
            assertEquals(4, c.version());
        }
    }
}

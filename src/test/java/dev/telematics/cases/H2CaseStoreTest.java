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

    @Test
    void upgradeFromSchema5_keepsEachCasesVersionAsItsEditVersion_andReadsTheOldWork() throws Exception {
        Path data = dir.resolve("upgrade");
        String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("telematics") + ";WRITE_DELAY=0";
        org.flywaydb.core.Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration")
                .target("5").load().migrate();
        String evidence = Json.newMapper().writeValueAsString(dev.telematics.testing.TestFirings.evidence(T0));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.PreparedStatement st = c.prepareStatement("INSERT INTO cases (id, number, vin, problem, rule_id, severity, status, active_key, opened_at, "
                    + "last_seen_at, occurrences, evidence, latest_evidence, work, overdue, version) VALUES (7, 'SC-000007', "
                    + "'LRWDEMC0000000001', 'hv-isolation', 'hv-isolation-fault', 'CRITICAL', 'ACKNOWLEDGED', "
                    + "'LRWDEMC0000000001|hv-isolation', TIMESTAMP WITH TIME ZONE '2026-11-22 08:00:00+00', "
                    + "TIMESTAMP WITH TIME ZONE '2026-11-22 08:00:00+00', 3, ?, ?, '{\"assignee\":\"ana\",\"slaBreaches\":[],"
                    + "\"ownerWarnedAt\":\"2026-11-22T08:00:01Z\"}', FALSE, 4)")) {
            st.setString(1, evidence);
            st.setString(2, evidence);
            st.executeUpdate();
        }
        try (CaseDatabase db = CaseDatabase.embedded(data)) {
            CaseStore store = db.caseStore(Json.newMapper());
            DiagnosticCase c = store.findById(7).orElseThrow();
            assertEquals(4, c.version(), "a version a console read before the upgrade still matches");
            assertEquals(4, c.storeVersion());
            assertEquals(List.of(), c.work().ownerWarnings());
            assertEquals("ana", c.work().assignee());
            CaseWorkflow w = Cases.of(store, java.time.Clock.systemUTC(), CaseListener.NONE).workflow();
            assertEquals(5, w.addNote("SC-000007", "ana", "after the upgrade", 4L).version());
        }
    }
}

package dev.telematics.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.cases.CaseDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The consent store's contract in memory, on the embedded H2 database and on PostgreSQL (run-tests.sh starts one). */
class ConsentStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static final String VIN = "LRWDEMC0000000001";
    private final List<CaseDatabase> open = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() {
        open.forEach(CaseDatabase::close);
    }

    private ConsentStore store(String kind) {
        switch (kind) {
            case "memory":
                return new InMemoryConsentStore();
            case "h2": {
                CaseDatabase db = CaseDatabase.embedded(dir.resolve("data"));
                open.add(db);
                return new JdbcConsentStore(db.dataSource());
            }
            default: {
                CaseDatabase db = dev.telematics.testing.TestPostgres.freshSchema();
                open.add(db);
                return new JdbcConsentStore(db.dataSource());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2", "postgresql"})
    void latestDecisionIsInForce_everyDecisionIsKept_andNoDecisionMeansNoConsent(String kind) {
        ConsentStore s = store(kind);
        assertFalse(s.granted(VIN));
        assertTrue(s.current(VIN).isEmpty());
        s.record(new Consent(VIN, true, T0, "owner app"));
        assertTrue(s.granted(VIN));
        s.record(new Consent(VIN, false, T0.plusSeconds(60), "owner app"));
        assertFalse(s.granted(VIN));
        assertFalse(s.granted("LRWDEMC0000000002"));
        List<Consent> h = s.history(VIN, 10);
        assertEquals(List.of(false, true), h.stream().map(Consent::remoteDiagnostics).toList());
        assertEquals(T0.plusSeconds(60), h.get(0).changedAt());
        assertEquals("owner app", h.get(0).source());
        assertEquals(1, s.history(VIN, 1).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory"})
    void decisionForAnInvalidVin_isRefused(String kind) {
        assertThrows(RuntimeException.class, () -> new Consent("not-a-vin", true, T0, "owner app"));
        assertThrows(IllegalArgumentException.class, () -> new Consent(VIN, true, T0, ""));
        assertTrue(store(kind).history(VIN, 5).isEmpty());
    }
}

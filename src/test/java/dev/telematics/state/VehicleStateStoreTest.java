package dev.telematics.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.cases.CaseDatabase;
import dev.telematics.predict.FleetStatistics;
import dev.telematics.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot store's contract on the embedded H2 database, PostgreSQL (when the tests have one) and in memory. */
class VehicleStateStoreTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    static void contract(VehicleStateStore store) {
        List<VehicleStateStore.Stored> rows = new ArrayList<>();
        for (int i = 0; i < JdbcVehicleStateStore.BATCH + 7; i++) { // more than one batch
            rows.add(new VehicleStateStore.Stored(String.format("LRWDEMC%010d", i), 1, new byte[] {(byte) i, 2, 3}, T));
        }
        store.saveVehicles(rows);
        store.saveVehicles(List.of(new VehicleStateStore.Stored("LRWDEMC0000000003", 1, new byte[] {9, 9},
                T.plusSeconds(60)))); // replaces that car's row
        Map<String, VehicleStateStore.Stored> loaded = new TreeMap<>();
        store.loadVehicles(r -> loaded.put(r.key(), r));
        assertEquals(rows.size(), loaded.size());
        assertArrayEquals(new byte[] {9, 9}, loaded.get("LRWDEMC0000000003").bytes());
        assertEquals(T.plusSeconds(60), loaded.get("LRWDEMC0000000003").updatedAt());
        assertArrayEquals(new byte[] {4, 2, 3}, loaded.get("LRWDEMC0000000004").bytes());
        assertEquals(1, loaded.get("LRWDEMC0000000004").format());

        assertEquals(Optional.empty(), store.loadPart(VehicleSnapshots.FLEET_PART));
        FleetStatisticsCodec codec = new FleetStatisticsCodec();
        FleetStatistics fleet = new FleetStatistics();
        fleet.update("LRWDEMC0", "soh", "LRWDEMC0000000001", 97.5);
        fleet.update("LRWDEMC0", "soh", "LRWDEMC0000000002", 91.0);
        fleet.update("WVWZZZ1K", "soh", "WVWZZZ1KZ00000001", 88.0);
        store.savePart(new VehicleStateStore.Stored(VehicleSnapshots.FLEET_PART, 1, codec.encode(fleet.export()), T));
        fleet.update("LRWDEMC0", "soh", "LRWDEMC0000000003", 90.0);
        store.savePart(new VehicleStateStore.Stored(VehicleSnapshots.FLEET_PART, 1, codec.encode(fleet.export()), T));
        FleetStatistics back = new FleetStatistics();
        back.restore(codec.decode(store.loadPart(VehicleSnapshots.FLEET_PART).orElseThrow().bytes()));
        assertEquals(fleet.export(), back.export());
        // the restored figures compare a car with the others exactly as before
        assertEquals(fleet.update("LRWDEMC0", "soh", "LRWDEMC0000000009", 80.0),
                back.update("LRWDEMC0", "soh", "LRWDEMC0000000009", 80.0));
    }

    @Test
    void embeddedH2_keepsRowsAcrossReopening(@TempDir Path dir) {
        try (CaseDatabase db = CaseDatabase.embedded(dir)) {
            contract(new JdbcVehicleStateStore(db.dataSource()));
        }
        try (CaseDatabase db = CaseDatabase.embedded(dir)) {
            List<String> vins = new ArrayList<>();
            new JdbcVehicleStateStore(db.dataSource()).loadVehicles(r -> vins.add(r.key()));
            assertEquals(JdbcVehicleStateStore.BATCH + 7, vins.size());
            assertTrue(new JdbcVehicleStateStore(db.dataSource()).loadPart(VehicleSnapshots.FLEET_PART).isPresent());
        }
    }

    @Test
    void postgres() {
        try (CaseDatabase db = TestPostgres.freshSchema()) {
            contract(new JdbcVehicleStateStore(db.dataSource()));
        }
    }

    @Test
    void inMemory() {
        contract(new InMemoryVehicleStateStore());
    }
}

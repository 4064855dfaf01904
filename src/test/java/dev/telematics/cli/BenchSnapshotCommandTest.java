package dev.telematics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.testing.Cli;
import org.junit.jupiter.api.Test;

/** {@code bench-snapshot}, tiny: it reports heap, bytes, encode and decode per car for the format it writes. */
class BenchSnapshotCommandTest {
    @Test
    void aFewCars_reportHeapBytesAndCodecTimesPerCar_inFormat2() throws Exception {
        Cli cli = new Cli();
        assertEquals(0, cli.run("bench-snapshot", "--vehicles", "3", "--distinct", "2", "--days", "1",
                "--seconds", "5", "--jitter-ms", "20", "--no-database", "--json"));
        JsonNode r = new ObjectMapper().readTree(cli.lastLine());
        assertEquals(2, r.get("snapshotFormat").asInt());
        assertEquals(3, r.get("vehicles").asInt());
        assertTrue(r.get("encodedBytesPerVehicle").asLong() > 100, r.toString());
        assertTrue(r.has("heapPerVehicleBytes") && r.has("encodeMicrosPerVehicle") && r.has("decodeMicrosPerVehicle"));
        assertTrue(!r.has("fullSnapshotMs"), "no database part with --no-database");
    }
}

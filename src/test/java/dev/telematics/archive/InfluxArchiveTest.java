package dev.telematics.archive;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.testing.Ports;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The archive with no server listening: nothing blocks, and every point is accounted for. */
class InfluxArchiveTest {
    private static final Vin VIN = Vin.of("LRWDEMC0000000001");

    private static InfluxArchive archiveWithoutServer(int buffer, int batch) {
        ArchiveSettings s = ArchiveSettings.of("http://127.0.0.1:" + Ports.free(), "t", "telematics", "telematics")
                .withBuffer(buffer, batch).withTiming(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(1));
        return new InfluxArchive(s);
    }

    @Test
    void serverUnreachable_offersNeverBlock_pointsBeyondTheBufferAreCountedAsDropped_andCloseCountsTheRest() {
        InfluxArchive archive = archiveWithoutServer(50, 10);
        archive.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            archive.telemetry(VIN, Sample.of(1763800000000L, Map.of("Vehicle.Speed", 1.0)));
            return archive.writeRetries() > 0;
        });
        for (int i = 0; i < 1_000; i++) {
            archive.telemetry(VIN, Sample.of(1763800000000L + i, Map.of("Vehicle.Speed", 1.0)));
        }
        long offered = archive.pointsOffered();
        assertTrue(archive.pointsDropped() >= 1_000 - 60, String.valueOf(archive.snapshot()));
        assertTrue(archive.pointsBuffered() <= 60);
        assertEquals(false, archive.snapshot().get("serverReachable"));
        assertTrue(String.valueOf(archive.snapshot().get("lastError")).length() > 0);
        archive.close();
        assertEquals(0, archive.pointsWritten());
        assertEquals(offered, archive.pointsDropped(), "after close every point is written or counted as dropped");
        assertEquals(0, archive.pointsBuffered());
        archive.telemetry(VIN, Sample.of(1763800000000L, Map.of("Vehicle.Speed", 1.0)));
        assertEquals(offered + 1, archive.pointsDropped(), "a point offered after close is counted too");
    }

    @Test
    void badSettings_areRefusedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArchiveSettings.of("localhost:8086", "t", "o", "b"));
        assertTrue(e.getMessage().contains("http(s)://host:port"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArchiveSettings.of("http://h:1", "t", "", "b"));
        assertThrows(IllegalArgumentException.class, () -> ArchiveSettings.of("http://h:1", "t", "o", "b").withBuffer(10, 20));
        assertTrue(!ArchiveSettings.of("http://h:1", "secret-token", "o", "b").toString().contains("secret"),
                "the token never shows in the settings' text");
    }
}

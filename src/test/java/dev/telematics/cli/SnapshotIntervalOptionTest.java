package dev.telematics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.telematics.engine.EngineConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code run --snapshot-interval}: a duration, or 0 / off for snapshots only at shutdown; 60 s by default. */
class SnapshotIntervalOptionTest {
    @Test
    void durationsZeroAndOff_areRead_andAnythingElseIsRefusedWithTheAcceptedForms() {
        assertEquals(Duration.ofSeconds(60), RunCommand.snapshotInterval("60s"));
        assertEquals(Duration.ofMinutes(5), RunCommand.snapshotInterval("5m"));
        assertEquals(Duration.ZERO, RunCommand.snapshotInterval("0"));
        assertEquals(Duration.ZERO, RunCommand.snapshotInterval("off"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunCommand.snapshotInterval("soon"));
        assertEquals(true, e.getMessage().startsWith("bad duration 'soon'"), e.getMessage());
    }

    @Test
    void theDefaultIs60s_andANegativeIntervalIsRefused() {
        assertEquals(Duration.ofSeconds(60), EngineConfig.defaults().history().snapshotEvery());
        assertThrows(IllegalArgumentException.class,
                () -> new EngineConfig.VehicleHistory(120, Duration.ofMinutes(10), Duration.ofSeconds(-1)));
    }
}

package dev.telematics.vehicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.dtc.DtcCode;
import dev.telematics.dtc.DtcReport;
import dev.telematics.dtc.HexBytes;
import dev.telematics.dtc.ReportedDtc;
import dev.telematics.dtc.UdsDtcReply;
import dev.telematics.dtc.UdsStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-car state format: everything in a vehicle's state survives the bytes; foreign bytes are refused. */
class VehicleSnapshotCodecTest {
    private static final Vin VIN = Vin.of("LRWDEMC0000000007");
    private static final String LV = "Vehicle.LowVoltageBattery.CurrentVoltage";
    private static final String SPEED = "Vehicle.Speed";
    private static final String CELLS = "Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages";
    private final VehicleSnapshotCodec codec = new VehicleSnapshotCodec();

    private static VehicleState driven() {
        VehicleState s = new VehicleState(VIN, 5, Duration.ofMinutes(10));
        for (int i = 0; i < 8; i++) { // more samples than the ring holds: the oldest are gone
            s.apply(new Sample(1_700_000_000_000L + i * 1_000L, 100 + i, Map.of(LV, 12.0 - i * 0.1, SPEED, i * 3.5),
                    i == 7 ? Map.of(CELLS, new double[] {4.01, 4.02, 3.80}) : Map.of()));
        }
        s.dtcs().apply(new DtcReport(1_700_000_001_000L, "BMS", "uds",
                UdsDtcReply.decode(HexBytes.parse("59 02 FF 0A A6 00 0D 0A 7F 00 04"), 0).dtcs(), null));
        s.dtcs().markFired("BMS", "P0AA6", "hv-isolation");
        s.dtcs().apply(new DtcReport(1_700_000_002_000L, "BMS", "uds",
                UdsDtcReply.decode(HexBytes.parse("59 02 FF 0A A6 00 0D"), 0).dtcs(), null)); // P0A7F cleared
        s.dtcs().apply(new DtcReport(1_700_000_003_000L, "VCU", "j2012",
                List.of(ReportedDtc.j2012(new DtcCode("U0111")), ReportedDtc.raw(0x12, 0x34, 0x56, new UdsStatus(0x09))),
                null));
        s.lastFired("lv-battery-low", 1_700_000_005_000L);
        return s;
    }

    @Test
    void histories_arrays_dtcLifecycle_firings_andCounts_surviveTheBytes() {
        VehicleState s = driven();
        VehicleSnapshot saved = s.export(List.of(new VehicleSnapshot.RuleState("r", "forecast", "fp",
                new long[] {2, 5, -1}, new double[] {Double.NaN, 1.5, Double.POSITIVE_INFINITY})));
        byte[] bytes = codec.encode(saved);
        VehicleSnapshot back = codec.decode(bytes);

        VehicleState r = VehicleState.restore(back, 5, Duration.ofMinutes(10));
        assertEquals(s.recentHistory(), r.recentHistory());
        assertEquals(5, r.recentHistory().get(LV).size(), "the ring's newest five values");
        assertEquals(s.snapshot(), r.snapshot());
        assertArrayEquals(s.arraySnapshot().get(CELLS), r.arraySnapshot().get(CELLS));
        assertEquals(s.dtcs().active(), r.dtcs().active());
        assertEquals(s.dtcs().export(), r.dtcs().export(), "cleared codes and fired rules too");
        assertFalse(r.dtcs().markFired("BMS", "P0AA6", "hv-isolation"), "the episode had fired before the restart");
        assertEquals(s.dtcs().exportReportTimes(), r.dtcs().exportReportTimes());
        assertTrue(r.dtcs().late(new DtcReport(1_700_000_000_500L, "BMS", "uds", List.of(), null)));
        assertEquals(1_700_000_005_000L, r.lastFired("lv-battery-low"));
        assertEquals(s.lastTimestamp(), r.lastTimestamp());
        assertEquals(107, r.lastSequence());
        assertEquals(8, r.sampleCount());
        VehicleSnapshot.RuleState rule = back.rules().get(0);
        assertArrayEquals(new long[] {2, 5, -1}, rule.longs());
        assertArrayEquals(new double[] {Double.NaN, 1.5, Double.POSITIVE_INFINITY}, rule.doubles());
        assertEquals("fp", rule.fingerprint());
        assertFalse(r.changedSinceSaved(), "a restored vehicle needs no snapshot until it changes");
        r.apply(Sample.of(1_700_000_009_000L, Map.of(LV, 12.5)));
        assertTrue(r.changedSinceSaved());
    }

    @Test
    void aSmallerHistoryAtRestore_keepsTheNewestValues() {
        VehicleState s = driven();
        VehicleState r = VehicleState.restore(codec.decode(codec.encode(s.export(List.of()))), 2, Duration.ofMinutes(10));
        assertEquals(s.recentHistory().get(LV).subList(3, 5), r.recentHistory().get(LV));
    }

    @Test
    void bytesThatAreNotASnapshot_areRefusedWithTheReason() {
        IllegalArgumentException notOurs = assertThrows(IllegalArgumentException.class,
                () -> codec.decode("{\"format\":1}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(notOurs.getMessage().startsWith("unreadable vehicle snapshot"), notOurs.getMessage());
        byte[] ok = codec.encode(driven().export(List.of()));
        byte[] newer = ok.clone();
        newer[2] = 3;
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class, () -> codec.decode(newer));
        assertEquals("vehicle snapshot format 3 (this engine reads 1 and 2)", format.getMessage());
        byte[] cut = Arrays.copyOf(ok, ok.length / 2);
        assertThrows(IllegalArgumentException.class, () -> codec.decode(cut));
    }
}

package dev.telematics.vehicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.dtc.DtcCode;
import dev.telematics.dtc.DtcLifecycle;
import dev.telematics.dtc.DtcState;
import dev.telematics.dtc.J1939Dtc;
import dev.telematics.dtc.ReportedDtc;
import dev.telematics.dtc.UdsStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Snapshot format 2: every field of a fully populated snapshot survives the bytes bit for bit, format 1
 * rows written by the previous version still read, and truncated, corrupt or hostile bytes are refused
 * with an IllegalArgumentException, never read wrongly or allowed to allocate much.
 */
class SnapshotFormat2Test {
    private static final String TIRE = "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure";
    private final VehicleSnapshotCodec codec = new VehicleSnapshotCodec();

    /** Every part filled, with values each way of writing a number must handle. */
    static VehicleSnapshot full() {
        long t0 = 1_764_670_000_123L;
        long[] ts = new long[120];
        double[] pressure = new double[120];
        double[] odd = new double[120];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = t0 + i * 1_000L + (i % 7) * 13; // a car's clock: not exact seconds
            pressure[i] = Math.round((251 + Math.sin(i) * 3) * 10) / 10.0;
            odd[i] = i == 5 ? Double.NaN : i == 6 ? -0.0 : i == 7 ? Double.NEGATIVE_INFINITY
                    : i == 8 ? Double.MIN_VALUE : i == 9 ? Double.MAX_VALUE : i == 10 ? 1e300 : Math.PI * i;
        }
        long[] backwards = {t0, t0 - 5, Long.MAX_VALUE, Long.MIN_VALUE, 0}; // a corrupt history still comes back as it was
        double[] forecast = new double[1 + 2 * 720];
        forecast[0] = 250.7;
        for (int i = 0; i < 720; i++) {
            forecast[1 + i] = (double) ((i + 1) * 3_600_000L + (i % 11) * 37) / 3_600_000; // ages, jittery hours
            forecast[1 + 720 + i] = Math.round((250 - i * 0.01) * 10) / 10.0;
        }
        return new VehicleSnapshot(VehicleSnapshot.FORMAT, "LRWDEMC0000000007", t0 + 119_000, 4_242, 123_456_789L,
                Map.of(TIRE, new VehicleSnapshot.History(ts, pressure),
                        "Vehicle.Custom.Odd", new VehicleSnapshot.History(ts, odd),
                        "Vehicle.Custom.Backwards", new VehicleSnapshot.History(backwards, new double[] {1, 2, 3, 4, 5}),
                        "Vehicle.Speed", new VehicleSnapshot.History(new long[] {t0}, new double[] {0.0})),
                Map.of("Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages", new double[] {4.01, 4.02, 3.8},
                        "Vehicle.Custom.Empty", new double[0]),
                List.of(new DtcLifecycle.Saved("BMS", ReportedDtc.uds(new DtcCode("P0AA6"), 0, new UdsStatus(0x0D)),
                                DtcState.CONFIRMED, t0, t0 + 2_000, 3, List.of("hv-isolation-fault", "héllo ✓")),
                        new DtcLifecycle.Saved("BMS", ReportedDtc.raw(0x12, 0x34, 0x56, new UdsStatus(0x09)),
                                DtcState.CLEARED, t0 - 9_000, t0 - 8_000, 1, List.of()),
                        new DtcLifecycle.Saved("VCU", ReportedDtc.j1939(new J1939Dtc(168, 4, 0, 1), null),
                                DtcState.PENDING, t0, t0, 1, List.of("hv-isolation-fault"))),
                Map.of("BMS", t0 + 2_000, "VCU", t0),
                Map.of("lv-battery-low", t0 + 5_000, "hv-isolation-fault", Long.MIN_VALUE),
                List.of(new VehicleSnapshot.RuleState("lv-battery-low", "threshold", "3f1c00aa11bb22cc33dd44ee",
                                new long[] {t0, t0 + 40_000, 0}, null),
                        new VehicleSnapshot.RuleState("tire-slow-leak-row1-left", "forecast", "0123456789abcdef01234567",
                                new long[] {720, t0, t0 + 720 * 3_600_000L + (719 % 11) * 37, -1, 1}, forecast),
                        new VehicleSnapshot.RuleState("a-forecast-of-odd-ages", "forecast", "fp3",
                                new long[] {2, t0, t0 + 7, -1, 0}, new double[] {1, 0.5, Math.PI, 2, 3}),
                        new VehicleSnapshot.RuleState("pack-current-rate", "rate", "fp", new long[] {1, 2, 3},
                                new double[] {Double.NaN}),
                        new VehicleSnapshot.RuleState("a-custom-kind", "custom", "", new long[] {Long.MAX_VALUE},
                                new double[] {-1e-300, 0.1 + 0.2}),
                        new VehicleSnapshot.RuleState("both-hot", "composite", "fp2", null, null)));
    }

    @Test
    void aFullyPopulatedSnapshot_comesBackBitForBit() {
        VehicleSnapshot s = full();
        byte[] bytes = codec.encode(s);
        assertEquals('V', bytes[0]);
        assertEquals(2, bytes[2], "format 2");
        assertSameState(s, codec.decode(bytes));
    }

    @Test
    void aSteadyDecimalSeries_takesAboutTwoBytesAPoint_andRawValuesStayExact() {
        double[] tire = new double[1000];
        double[] random = new double[1000];
        Random r = new Random(7);
        for (int i = 0; i < tire.length; i++) {
            tire[i] = Math.round((250 + r.nextGaussian()) * 10) / 10.0;
            random[i] = r.nextDouble() * Math.pow(10, r.nextInt(40) - 20) * (r.nextBoolean() ? 1 : -1);
        }
        VehicleSnapshot s = withHistory(new long[tire.length], tire);
        byte[] bytes = codec.encode(s);
        assertTrue(bytes.length < 2 * tire.length + 100, bytes.length + " bytes for 1000 points at 1 Hz of one decimal");
        assertSameState(s, codec.decode(bytes));
        VehicleSnapshot raw = withHistory(new long[random.length], random);
        assertSameState(raw, codec.decode(codec.encode(raw)));
    }

    @Test
    void aForecastsAges_areWrittenAsTheTimesTheyStandFor() {
        VehicleSnapshot s = full();
        VehicleSnapshot.RuleState forecast = s.rules().get(1);
        assertTrue(SnapshotFormat2.forecastOffsets(forecast) != null);
        VehicleSnapshot one = new VehicleSnapshot(VehicleSnapshot.FORMAT, s.vin(), 0, 0, 0, Map.of(), Map.of(), List.of(),
                Map.of(), Map.of(), List.of(forecast));
        byte[] bytes = codec.encode(one);
        assertTrue(bytes.length < 3 * 720, bytes.length + " bytes for 720 points of jittery hours and one decimal");
        assertSameState(one, codec.decode(bytes));
        assertEquals(null, SnapshotFormat2.forecastOffsets(s.rules().get(2)), "ages that are no times: as they are");
    }

    @Test
    void everyDecimalOfUpToNineDigits_isWrittenExactly() {
        Random r = new Random(11);
        double[] v = new double[5000];
        for (int i = 0; i < v.length; i++) {
            int k = r.nextInt(10);
            v[i] = (r.nextLong() % 1_000_000_000_000L) / Math.pow(10, k); // what parsing "123.456" gives
        }
        VehicleSnapshot s = withHistory(new long[v.length], v);
        assertSameState(s, codec.decode(codec.encode(s)));
    }

    @Test
    void format1Bytes_ofThePreviousVersion_stillRead() throws IOException {
        byte[] old;
        try (InputStream in = getClass().getResourceAsStream("vehicle-snapshot-format1.json.gz")) {
            old = in.readAllBytes();
        }
        VehicleSnapshot s = codec.decode(old);
        assertEquals(1, s.format());
        assertEquals("LRWDEMC0000000007", s.vin());
        assertEquals(1_700_000_007_000L, s.lastTimestamp());
        assertEquals(107, s.lastSequence());
        assertEquals(8, s.samples());
        VehicleSnapshot.History lv = s.histories().get("Vehicle.LowVoltageBattery.CurrentVoltage");
        assertArrayEquals(new long[] {1_700_000_003_000L, 1_700_000_004_000L, 1_700_000_005_000L, 1_700_000_006_000L,
                1_700_000_007_000L}, lv.timestamps());
        assertArrayEquals(new double[] {12.0 - 3 * 0.1, 12.0 - 4 * 0.1, 12.0 - 5 * 0.1, 12.0 - 6 * 0.1, 12.0 - 7 * 0.1},
                lv.values());
        assertArrayEquals(new double[] {4.01, 4.02, 3.80},
                s.arrays().get("Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages"));
        assertEquals(4, s.dtcs().size(), "the cleared P0A7F too");
        assertEquals(List.of("hv-isolation"), s.dtcs().stream().filter(d -> d.dtc().key().equals("P0AA6"))
                .findFirst().orElseThrow().firedRules());
        assertEquals(Map.of("BMS", 1_700_000_002_000L, "VCU", 1_700_000_003_000L), s.dtcReportTimes());
        assertEquals(Map.of("lv-battery-low", 1_700_000_005_000L), s.lastFired());
        assertEquals(2, s.rules().size());
        assertArrayEquals(new double[] {Double.NaN, 1.5, Double.POSITIVE_INFINITY, -0.0, 251.3}, s.rules().get(1).doubles());
        assertSameState(s, codec.decode(codec.encode(s))); // and it goes on in format 2
    }

    @Test
    void aCarsStateIsDeflated_andAPlainRecordReadsToo() {
        byte[] deflated = codec.encode(full());
        assertEquals(SnapshotEnvelope.DEFLATED, deflated[3]);
        byte[] plain = plain();
        assertEquals(SnapshotEnvelope.PLAIN, plain[3]);
        assertTrue(deflated.length < plain.length, deflated.length + " vs " + plain.length);
        assertSameState(full(), codec.decode(plain));
    }

    /** The fully populated snapshot in a record without deflate (its body bytes exposed to corruption). */
    private static byte[] plain() {
        return SnapshotEnvelope.plain(new SnapshotFormat2(new com.fasterxml.jackson.databind.ObjectMapper()).body(full()),
                SnapshotFormat2.FORMAT);
    }

    @Test
    void everyTruncation_isRefusedClearly() {
        for (byte[] ok : List.of(codec.encode(full()), plain())) {
            truncations(ok);
        }
    }

    private void truncations(byte[] ok) {
        for (int n = 0; n < ok.length; n += Math.max(1, n / 50)) {
            byte[] cut = Arrays.copyOf(ok, n);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(cut),
                    "cut at " + n);
            assertTrue(e.getMessage().startsWith("unreadable vehicle snapshot"), e.getMessage());
        }
    }

    @Test
    void corruptBytes_areRefusedOrReadAsSomeSnapshot_neverAnythingElse() {
        for (byte[] ok : List.of(codec.encode(full()), plain())) {
            corruptions(ok);
        }
    }

    private void corruptions(byte[] ok) {
        Random r = new Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] bad = ok.clone();
            for (int k = 0; k < 1 + r.nextInt(4); k++) {
                bad[r.nextInt(bad.length)] = (byte) r.nextInt(256);
            }
            try {
                codec.decode(bad);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
            }
        }
    }

    @Test
    void hugeCounts_areRefusedBeforeAllocating() {
        // format 2, vin "" (a new string of 0 bytes), lastTs, lastSeq, samples 0, then 2^35 - 1 histories
        byte[] hostile = {'V', 'S', 2, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(hostile));
        assertTrue(e.getMessage().contains("histories count"), e.getMessage());
        byte[] tooMany = {'V', 'S', 2, 0, 0, 0, 0, 0, 0, (byte) 0xE8, 0x07}; // 1000 histories in 11 bytes
        e = assertThrows(IllegalArgumentException.class, () -> codec.decode(tooMany));
        assertTrue(e.getMessage().contains("larger than the bytes left"), e.getMessage());
        byte[] endless = {'V', 'S', 2, 0, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1};
        e = assertThrows(IllegalArgumentException.class, () -> codec.decode(endless));
        assertTrue(e.getMessage().contains("malformed varint"), e.getMessage());
        for (byte[] ok : List.of(codec.encode(full()), plain())) {
            byte[] trailing = Arrays.copyOf(ok, ok.length + 1);
            e = assertThrows(IllegalArgumentException.class, () -> codec.decode(trailing));
            assertTrue(e.getMessage().contains("bytes after the end"), e.getMessage());
        }
        byte[] bomb = {'V', 'S', 2, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0x03, 0x00}; // 4 GB
        e = assertThrows(IllegalArgumentException.class, () -> codec.decode(bomb));
        assertTrue(e.getMessage().contains("body length count 4294967295 above"), e.getMessage());
        byte[] small = {'V', 'S', 2, 1, (byte) 0x80, (byte) 0x80, 0x40, 0x03, 0x00}; // 1 MiB from 2 bytes
        e = assertThrows(IllegalArgumentException.class, () -> codec.decode(small));
        assertTrue(e.getMessage().contains("more than 2 deflated bytes can hold"), e.getMessage());
        byte[] flags = {'V', 'S', 2, 7, 0};
        e = assertThrows(IllegalArgumentException.class, () -> codec.decode(flags));
        assertTrue(e.getMessage().contains("unknown flags 7"), e.getMessage());
    }

    private static VehicleSnapshot withHistory(long[] ts, double[] v) {
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 1_764_670_000_000L + i * 1000L;
        }
        return new VehicleSnapshot(VehicleSnapshot.FORMAT, "LRWDEMC0000000001", ts[ts.length - 1], 1, ts.length,
                Map.of(TIRE, new VehicleSnapshot.History(ts, v)), Map.of(), List.of(), Map.of(), Map.of(), List.of());
    }

    /** Equal field by field, doubles bit for bit (NaN, -0.0). */
    static void assertSameState(VehicleSnapshot a, VehicleSnapshot b) {
        assertEquals(a.vin(), b.vin());
        assertEquals(a.lastTimestamp(), b.lastTimestamp());
        assertEquals(a.lastSequence(), b.lastSequence());
        assertEquals(a.samples(), b.samples());
        assertEquals(a.histories().keySet(), b.histories().keySet());
        a.histories().forEach((k, h) -> {
            assertArrayEquals(h.timestamps(), b.histories().get(k).timestamps(), k);
            assertBits(h.values(), b.histories().get(k).values(), k);
        });
        assertEquals(a.arrays().keySet(), b.arrays().keySet());
        a.arrays().forEach((k, v) -> assertBits(v, b.arrays().get(k), k));
        assertEquals(a.dtcs(), b.dtcs());
        assertEquals(a.dtcReportTimes(), b.dtcReportTimes());
        assertEquals(a.lastFired(), b.lastFired());
        assertEquals(a.rules().size(), b.rules().size());
        for (int i = 0; i < a.rules().size(); i++) {
            VehicleSnapshot.RuleState x = a.rules().get(i);
            VehicleSnapshot.RuleState y = b.rules().get(i);
            assertEquals(List.of(x.rule(), x.kind(), x.fingerprint()), List.of(y.rule(), y.kind(), y.fingerprint()));
            assertArrayEquals(x.longs(), y.longs(), x.rule());
            assertBits(x.doubles(), y.doubles(), x.rule());
        }
    }

    private static void assertBits(double[] a, double[] b, String what) {
        assertEquals(a.length, b.length, what);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), what + "[" + i + "]: "
                    + a[i] + " vs " + b[i]);
        }
    }
}

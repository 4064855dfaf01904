package dev.telematics.dtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class J1939Dm1Test {
    @Test
    void amberLampAndOneDtc_spn168BatteryVoltageLow() {
        // lamps: amber warning on (bits 4-3 = 01); SPN 168 = 0xA8, FMI 4, occurrence count 1
        DecodedDtcs d = J1939Dm1.decode(HexBytes.parse("04 FF A8 00 04 01 FF FF"));
        assertEquals(J1939Lamps.Lamp.ON, d.lamps().amberWarning());
        assertEquals(J1939Lamps.Lamp.OFF, d.lamps().malfunction());
        assertEquals(J1939Lamps.Lamp.OFF, d.lamps().redStop());
        assertEquals(J1939Lamps.Lamp.OFF, d.lamps().protect());
        assertEquals(J1939Lamps.Flash.NONE, d.lamps().amberWarningFlash());
        assertEquals(1, d.dtcs().size());
        J1939Dtc dtc = d.dtcs().get(0).j1939();
        assertEquals(168, dtc.spn());
        assertEquals(4, dtc.fmi());
        assertEquals(1, dtc.occurrenceCount());
        assertTrue(d.problems().isEmpty(), "FF padding is not a truncated record");
    }

    @Test
    void severalDtcs_withHighSpnBits_andRedStopLampFlashingFast() {
        // MIL on + red stop on (01 01 00 00 = 0x50); red stop flashing fast (bits 6-5 = 01 -> 0x10 ... flash byte 0xDF)
        J1939Dtc a = new J1939Dtc(524_287 - 7, 31, 126, 0);
        J1939Dtc b = new J1939Dtc(65_536 + 190, 3, 2, 0);
        byte[] bytes = J1939Dm1.encode(J1939Lamps.fromBytes(0x50, 0xDF), List.of(a, b));
        DecodedDtcs d = J1939Dm1.decode(bytes);
        assertEquals(List.of(a, b), d.dtcs().stream().map(ReportedDtc::j1939).toList());
        assertEquals(J1939Lamps.Lamp.ON, d.lamps().malfunction());
        assertEquals(J1939Lamps.Lamp.ON, d.lamps().redStop());
        assertEquals(J1939Lamps.Flash.FAST, d.lamps().redStopFlash());
        assertTrue(d.lamps().anyOn());
    }

    @Test
    void noActiveDtcPlaceholder_meansAnEmptyList() {
        DecodedDtcs d = J1939Dm1.decode(HexBytes.parse("00 FF 00 00 00 00 FF FF"));
        assertTrue(d.dtcs().isEmpty());
        assertTrue(d.problems().isEmpty());
        assertFalse(d.lamps().anyOn());
    }

    @Test
    void truncatedAndReservedSpn_areProblems_goodDtcsKept() {
        DecodedDtcs d = J1939Dm1.decode(HexBytes.parse("04 FF A8 00 04 01 00 00 05 01 BE 00"));
        assertEquals(1, d.dtcs().size());
        assertEquals(List.of(DtcProblem.SPN_OUT_OF_RANGE, DtcProblem.TRUNCATED_RECORD),
                d.problems().stream().map(DtcDecodeException::problem).toList());
        assertEquals(DtcProblem.TRUNCATED_RECORD,
                assertThrows(DtcDecodeException.class, () -> J1939Dm1.decode(new byte[] {4})).problem());
        assertEquals(DtcProblem.SPN_OUT_OF_RANGE,
                assertThrows(DtcDecodeException.class, () -> new J1939Dtc(524_288, 1, 0, 0)).problem());
    }

    @Test
    void randomDtcs_roundTripThroughEncodeAndDecode() {
        Random r = new Random(7);
        for (int n = 0; n < 2_000; n++) {
            List<J1939Dtc> dtcs = new ArrayList<>();
            for (int i = 1 + r.nextInt(5); i > 0; i--) {
                dtcs.add(new J1939Dtc(1 + r.nextInt(J1939Dtc.MAX_SPN), r.nextInt(32), r.nextInt(128), 0));
            }
            J1939Lamps lamps = J1939Lamps.fromBytes(r.nextInt(256), r.nextInt(256));
            DecodedDtcs d = J1939Dm1.decode(J1939Dm1.encode(lamps, dtcs));
            assertEquals(dtcs, d.dtcs().stream().map(ReportedDtc::j1939).toList());
            assertEquals(lamps, d.lamps());
        }
    }

    @Test
    void fixedVector_twoDtcsWithHighSpnBits_milAndAmberOn() {
        // 0x44: MIL on (bits 8-7 = 01), amber on (bits 4-3 = 01); DTC 1: SPN 0x7F000 = 520192 (00 F0, bits 16-18 = 111
        // in byte 3 bits 7-5), FMI 12, OC 3; DTC 2: SPN 100, FMI 1, OC 2
        DecodedDtcs d = J1939Dm1.decode(HexBytes.parse("44 FF 00 F0 EC 03 64 00 01 02"));
        assertEquals(new J1939Dtc(520_192, 12, 3, 0), d.dtcs().get(0).j1939());
        assertEquals(new J1939Dtc(100, 1, 2, 0), d.dtcs().get(1).j1939());
        assertEquals(J1939Lamps.Lamp.ON, d.lamps().malfunction());
        assertEquals(J1939Lamps.Lamp.OFF, d.lamps().redStop());
        assertEquals(J1939Lamps.Lamp.ON, d.lamps().amberWarning());
        assertEquals(J1939Lamps.Lamp.OFF, d.lamps().protect());
    }

    @Test
    void conversionMethodOne_isSkippedAndCounted() {
        DecodedDtcs d = J1939Dm1.decode(HexBytes.parse("04 FF A8 00 04 81 64 00 01 02"));
        assertEquals(1, d.dtcs().size());
        assertEquals(DtcProblem.UNSUPPORTED_CONVERSION_METHOD, d.problems().get(0).problem());
    }
}

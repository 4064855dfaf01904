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

    /**
     * Vectors of juergenH87/python-can-j1939, test/test_dtc_conversion_methods.py (commit c74f56c2, MIT):
     * SPN 0x12345, FMI 5, OC 3 in the byte layouts of conversion methods 1-4
     * (test_cm1_byte_layout_matches_reference, test_cm2_..., test_cm3_cm4_byte_layout). Its Dm1 reads a DTC
     * whose CM bit is set in the CM 3 layout unless told otherwise (rx_cm_bit_set=3), and so do we.
     */
    @Test
    void conversionMethodOne_isDecodedInTheVersion3Layout_andFlagged_asPythonCanJ1939Does() {
        DecodedDtcs d = J1939Dm1.decode(HexBytes.parse("04 FF 45 23 25 83 45 23 25 03"));
        assertTrue(d.problems().isEmpty(), d.problems().toString());
        assertEquals(new J1939Dtc(0x12345, 5, 3, 1), d.dtcs().get(0).j1939(), "CM 3 layout, CM bit 1");
        assertEquals(new J1939Dtc(0x12345, 5, 3, 0), d.dtcs().get(1).j1939(), "CM 4 layout, CM bit 0");
        assertEquals("SPN 74565 FMI 5", d.dtcs().get(0).key(), "the same DTC whatever its CM bit");
        assertEquals(d.dtcs().get(0).key(), d.dtcs().get(1).key());
    }

    @Test
    void conversionMethodOne_inTheVersion1And2Layouts_whenTheCallerKnowsTheEcu() {
        // python-can-j1939 test_cm1_byte_layout_matches_reference: b1 = SPN[18:11], b2 = SPN[10:3], b3 = SPN[2:0]|FMI
        DecodedDtcs v1 = J1939Dm1.decode(HexBytes.parse("04 FF 24 68 A5 83"), J1939Dtc.CmLayout.VERSION_1);
        assertEquals(new J1939Dtc(0x12345, 5, 3, 1), v1.dtcs().get(0).j1939());
        // test_cm2_byte_layout_matches_reference: b1 = SPN[10:3], b2 = SPN[18:11]
        DecodedDtcs v2 = J1939Dm1.decode(HexBytes.parse("04 FF 68 24 A5 83"), J1939Dtc.CmLayout.VERSION_2);
        assertEquals(new J1939Dtc(0x12345, 5, 3, 1), v2.dtcs().get(0).j1939());
        // a CM 0 DTC is always in the version 4 layout, whatever layout the caller gives for CM 1
        assertEquals(new J1939Dtc(0x12345, 5, 3, 0), J1939Dtc.fromBytes(0x45, 0x23, 0x25, 0x03, J1939Dtc.CmLayout.VERSION_1));
        // the same bytes read by default (version 3) give another SPN: the layout matters
        assertEquals(0x24 | 0x68 << 8 | 5 << 16, J1939Dm1.decode(HexBytes.parse("04 FF 24 68 A5 83")).dtcs().get(0).j1939().spn());
    }

    /**
     * Vectors of Equipment-and-Tool-Institute/j1939-84, DiagnosticTroubleCodeTest.java (package
     * org.etools.j1939_84.bus.j1939.packets): test1 (61 02 13 81: CM 1, SPN 609, FMI 19, OC 1), test2
     * (21 06 1F 23: CM 0, SPN 1569, FMI 31, OC 35), test3 (EE 10 04 00: SPN 4334, FMI 4) and
     * testGetSuspectParameterNumber (FF FF E0 00: SPN 524287, FMI 0).
     */
    @Test
    void j1939_84Vectors_decodeAsThatToolDecodesThem() {
        DecodedDtcs d = J1939Dm1.decode(HexBytes.parse("00 FF 61 02 13 81 21 06 1F 23 EE 10 04 00 FF FF E0 00"));
        assertTrue(d.problems().isEmpty(), d.problems().toString());
        assertEquals(List.of(new J1939Dtc(609, 19, 1, 1), new J1939Dtc(1569, 31, 35, 0), new J1939Dtc(4334, 4, 0, 0),
                new J1939Dtc(524_287, 0, 0, 0)), d.dtcs().stream().map(ReportedDtc::j1939).toList());
    }

    @Test
    void conversionMethodOne_roundTripsThroughEncodeAndDecode() {
        J1939Dtc old = new J1939Dtc(609, 19, 1, 1);
        assertEquals(List.of(old), J1939Dm1.decode(J1939Dm1.encode(J1939Lamps.fromBytes(0x04, 0xFF), List.of(old)))
                .dtcs().stream().map(ReportedDtc::j1939).toList());
    }

    @Test
    void zeroOrFfPaddingOfAnEightByteFrame_isNotATruncatedRecord() {
        // one DTC in an 8-byte frame: the last two bytes are padding (python-can-j1939's Dm1 reads an 8-byte DM1
        // as one DTC and pads with FF FF when sending; j1939-84 and moschiel/parse_j1939_dtc_library ignore them)
        for (String frame : List.of("04 FF A8 00 04 01 00 00", "04 FF A8 00 04 01 FF FF", "04 FF A8 00 04 01 00",
                "04 FF A8 00 04 01 FF FF FF")) {
            DecodedDtcs d = J1939Dm1.decode(HexBytes.parse(frame));
            assertEquals(List.of(new J1939Dtc(168, 4, 1, 0)), d.dtcs().stream().map(ReportedDtc::j1939).toList(), frame);
            assertTrue(d.problems().isEmpty(), frame + ": " + d.problems());
        }
        // no active DTC: the placeholder 00 00 00 00 then FF FF (python-can-j1939's own frame for an empty DM1)
        DecodedDtcs none = J1939Dm1.decode(HexBytes.parse("00 FF 00 00 00 00 FF FF"));
        assertTrue(none.dtcs().isEmpty() && none.problems().isEmpty());
    }

    @Test
    void realTruncation_isStillReported() {
        for (String frame : List.of("04 FF A8 00 04 01 64 00", "04 FF A8 00 04 01 64 00 01", "04 FF A8 00 04 01 00 FF",
                "04 FF A8 00 04 01 FF 00 00")) {
            DecodedDtcs d = J1939Dm1.decode(HexBytes.parse(frame));
            assertEquals(1, d.dtcs().size(), frame);
            assertEquals(List.of(DtcProblem.TRUNCATED_RECORD), d.problems().stream().map(DtcDecodeException::problem).toList(),
                    frame);
        }
    }
}

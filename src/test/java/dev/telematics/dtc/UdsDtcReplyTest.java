package dev.telematics.dtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UdsDtcReplyTest {
    private static DecodedDtcs decode(String hex) {
        return UdsDtcReply.decode(HexBytes.parse(hex), 0);
    }

    @Test
    void standardExample_givesCodeFailureTypeAndEveryStatusBit() {
        DecodedDtcs d = decode("59 02 FF 01 10 1C AF");
        assertEquals(0xFF, d.statusAvailabilityMask());
        ReportedDtc dtc = d.dtcs().get(0);
        assertEquals("P0110", dtc.code().code());
        assertEquals(0x1C, dtc.ftb());
        assertEquals("P0110", dtc.key());
        assertEquals("P0110-1C", dtc.label());
        assertEquals("general electrical failure", FailureType.category(dtc.ftb()));
        UdsStatus s = dtc.status();
        assertEquals(0xAF, s.value());
        assertTrue(s.testFailed());
        assertTrue(s.testFailedThisOperationCycle());
        assertTrue(s.pendingDTC());
        assertTrue(s.confirmedDTC());
        assertFalse(s.testNotCompletedSinceLastClear());
        assertTrue(s.testFailedSinceLastClear());
        assertFalse(s.testNotCompletedThisOperationCycle());
        assertTrue(s.warningIndicatorRequested());
        assertEquals(List.of("testFailed", "testFailedThisOperationCycle", "pendingDTC", "confirmedDTC",
                "testFailedSinceLastClear", "warningIndicatorRequested"), s.bits());
        assertTrue(dtc.confirmed());
        assertFalse(dtc.pending());
    }

    @Test
    void severalRecords_withoutSpaces_andPendingOnlyStatus() {
        DecodedDtcs d = decode("5902FF0AA600090A7F0004");
        assertEquals(2, d.dtcs().size());
        assertEquals("P0AA6-00", d.dtcs().get(0).label());
        assertTrue(d.dtcs().get(0).confirmed());
        assertEquals("P0A7F-00", d.dtcs().get(1).label());
        assertTrue(d.dtcs().get(1).pending());
    }

    @Test
    void truncatedLastRecord_keepsTheCompleteOnes() {
        DecodedDtcs d = decode("59 02 FF 0A A6 00 09 01 10");
        assertEquals(1, d.dtcs().size());
        assertEquals(DtcProblem.TRUNCATED_RECORD, d.problems().get(0).problem());
    }

    @Test
    void wrongServiceNegativeReplyOrSubFunction_areRejectedWithTheirProblem() {
        assertEquals(DtcProblem.WRONG_SERVICE_ID,
                assertThrows(DtcDecodeException.class, () -> decode("62 F1 90 00")).problem());
        DtcDecodeException nrc = assertThrows(DtcDecodeException.class, () -> decode("7F 19 31"));
        assertEquals(DtcProblem.WRONG_SERVICE_ID, nrc.problem());
        assertTrue(nrc.getMessage().contains("NRC 0x31"), nrc.getMessage());
        assertEquals(DtcProblem.UNSUPPORTED_SUBFUNCTION,
                assertThrows(DtcDecodeException.class, () -> decode("59 06 FF 0A A6 00 09")).problem());
        assertEquals(DtcProblem.TRUNCATED_RECORD, assertThrows(DtcDecodeException.class, () -> decode("59 02")).problem());
        assertEquals(DtcProblem.INVALID_HEX, assertThrows(DtcDecodeException.class, () -> decode("59 02 F")).problem());
        assertEquals(DtcProblem.INVALID_HEX, assertThrows(DtcDecodeException.class, () -> decode("59 02 FG")).problem());
    }

    @Test
    void formatIdentifier_isHonoured() {
        byte[] data = HexBytes.parse("59 02 FF A8 00 04 09");
        ReportedDtc j1939 = UdsDtcReply.decode(data, 0x02).dtcs().get(0);
        assertEquals(168, j1939.j1939().spn());
        assertEquals(4, j1939.j1939().fmi());
        assertNull(j1939.code());
        ReportedDtc iso = UdsDtcReply.decode(data, 0x01).dtcs().get(0);
        assertEquals("0xA80004", iso.key());
        assertNull(iso.code(), "an ISO 14229-1 format DTC has no J2012 meaning");
        assertEquals("B2800-04", UdsDtcReply.decode(data, 0x04).dtcs().get(0).label());
        assertEquals(DtcProblem.SPN_OUT_OF_RANGE, UdsDtcReply.decode(HexBytes.parse("59 02 FF 00 00 04 09 A8 00 04 09"), 0x02)
                .problems().get(0).problem(), "SPN 0 is no parameter in the J1939-73 format either");
        assertEquals(DtcProblem.UNKNOWN_FORMAT_IDENTIFIER,
                assertThrows(DtcDecodeException.class, () -> UdsDtcReply.decode(data, 0x05)).problem());
    }

    @Test
    void randomReplies_roundTripThroughEncodeAndDecode() {
        Random r = new Random(42);
        for (int n = 0; n < 2_000; n++) {
            List<ReportedDtc> dtcs = new ArrayList<>();
            for (int i = r.nextInt(6); i > 0; i--) {
                dtcs.add(ReportedDtc.uds(DtcCode.fromBytes(r.nextInt(256), r.nextInt(256)), r.nextInt(256),
                        new UdsStatus(r.nextInt(256))));
            }
            byte[] bytes = UdsDtcReply.encode(dtcs);
            assertEquals(dtcs, UdsDtcReply.decode(HexBytes.parse(HexBytes.format(bytes)), 0).dtcs());
        }
    }

    @Test
    void paddingRecordsAndNonAsciiDigits() {
        assertEquals(1, decode("59 02 FF 00 00 00 00 0A A6 00 09").dtcs().size(), "00 00 00 is padding");
        assertEquals(DtcProblem.INVALID_HEX, assertThrows(DtcDecodeException.class,
                () -> decode("59 02 FF 0A A6 00 \uFF19\uFF19")).problem(), "fullwidth digits are not hex");
        assertEquals(1, decode("59 02 FF\n0A A6 00 09").dtcs().size(), "line breaks separate bytes");
    }

    /**
     * Vectors of pylessard/python-udsoncan, test/client/test_read_dtc_information.py (MIT):
     * test_normal_behaviour_zeropadding_ok_ignore_allzero sends {@code 59 02 FB 12 34 56 20 12 34 57 60} followed by
     * 1 to 5 zero bytes and expects the two DTCs 0x123456 (status 0x20) and 0x123457 (status 0x60), with the
     * default configuration (tolerate_zero_padding, ignore_all_zero_dtc).
     */
    @Test
    void trailingZeroPadding_isReadCleanly_asUdsoncanReadsIt() {
        for (int zeros = 1; zeros <= 5; zeros++) {
            String hex = "59 02 FB 12 34 56 20 12 34 57 60" + " 00".repeat(zeros);
            DecodedDtcs d = decode(hex);
            assertTrue(d.problems().isEmpty(), hex + ": " + d.problems());
            assertEquals(0xFB, d.statusAvailabilityMask());
            assertEquals(List.of("P1234-56", "P1234-57"), d.dtcs().stream().map(ReportedDtc::label).toList(), hex);
            assertEquals(List.of(0x20, 0x60), d.dtcs().stream().map(x -> x.status().value()).toList(), hex);
            UdsDtcReply.decode(HexBytes.parse(hex), 0x01).dtcs().forEach(x -> assertTrue(x.key().startsWith("0x12345"), hex));
        }
        assertTrue(decode("59 02 FB 00 00").dtcs().isEmpty(), "no DTC, zero padded");
        assertTrue(decode("59 02 FB 00 00").problems().isEmpty());
    }

    @Test
    void realTruncation_isStillATruncatedRecord() {
        for (String hex : List.of("59 02 FB 12 34 56 20 12", "59 02 FB 12 34 56 20 12 34", "59 02 FB 12 34 56 20 12 34 57",
                "59 02 FB 12 34 56 20 00 00 01", "59 02 FB 12 34 56 20 FF FF")) {
            DecodedDtcs d = decode(hex);
            assertEquals(1, d.dtcs().size(), hex);
            assertEquals(List.of(DtcProblem.TRUNCATED_RECORD), d.problems().stream().map(DtcDecodeException::problem).toList(),
                    hex);
        }
    }
}

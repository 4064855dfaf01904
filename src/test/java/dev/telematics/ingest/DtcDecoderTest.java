package dev.telematics.ingest;

import dev.telematics.handoff.RejectReason;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.config.Json;
import dev.telematics.dtc.DtcCode;
import dev.telematics.dtc.DtcReport;
import dev.telematics.dtc.ReportedDtc;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtcDecoderTest {
    private static final long NOW = 1_763_800_000_000L;
    private final IngestStats stats = new IngestStats();
    private final DtcDecoder decoder = new DtcDecoder(Json.newMapper(), stats,
            new TimestampPolicy(300_000, 30L * 86_400_000));

    private Decoded<DtcReport> decode(String json) {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    void contractExample_decodesCodesAndEcu() {
        Decoded<DtcReport> d = decode("{\"ts\":" + NOW + ",\"ecu\":\"BMS\",\"format\":\"j2012\",\"dtcs\":[\"P0AA6\",\"u0100\"]}");
        assertTrue(d.accepted(), d.detail());
        assertEquals("BMS", d.value().ecu());
        assertEquals(List.of(ReportedDtc.j2012(new DtcCode("P0AA6")), ReportedDtc.j2012(new DtcCode("U0100"))),
                d.value().dtcs());
    }

    @Test
    void invalidCode_isCountedAndValidCodesKept() {
        Decoded<DtcReport> d = decode("{\"ts\":" + NOW + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\",\"Z9999\",42]}");
        assertTrue(d.accepted());
        assertEquals(1, d.value().dtcs().size());
        assertEquals(2L, stats.snapshot().dtcProblems().get("INVALID_CODE"));
    }

    @Test
    void aNumberIsNotACode_evenWhenItsDigitsWouldReadAsTwoHexBytes() {
        // found by BrokerFuzzTest: 1234 was taken as "12 34", that is P1234, and 4100 as C0100
        Decoded<DtcReport> d = decode("{\"ts\":" + NOW + ",\"ecu\":\"BMS\",\"dtcs\":[1234,4100]}");
        assertEquals(RejectReason.INVALID_DTC, d.reason());
        assertEquals(2L, stats.snapshot().dtcProblems().get("INVALID_CODE"));
        Decoded<DtcReport> asText = decode("{\"ts\":" + NOW + ",\"ecu\":\"BMS\",\"dtcs\":[\"1234\"]}");
        assertEquals(List.of(ReportedDtc.j2012(new DtcCode("P1234"))), asText.value().dtcs(), "two hex bytes as a string");
    }

    @Test
    void onlyInvalidCodes_rejectsTheMessage() {
        Decoded<DtcReport> d = decode("{\"ts\":" + NOW + ",\"ecu\":\"BMS\",\"dtcs\":[\"P9AA6\"]}");
        assertEquals(RejectReason.INVALID_DTC, d.reason());
    }

    @Test
    void emptyList_meansNoActiveCodes() {
        Decoded<DtcReport> d = decode("{\"ts\":" + NOW + ",\"ecu\":\"BMS\",\"dtcs\":[]}");
        assertTrue(d.accepted());
        assertTrue(d.value().dtcs().isEmpty());
    }

    @Test
    void missingEcuUnknownFormatOrFutureTimestamp_areRejected() {
        assertEquals(RejectReason.MISSING_FIELD, decode("{\"ts\":" + NOW + ",\"dtcs\":[\"P0AA6\"]}").reason());
        assertEquals(RejectReason.INVALID_FIELD,
                decode("{\"ts\":" + NOW + ",\"ecu\":\"BMS\",\"format\":\"obd-mode3\",\"dtcs\":[\"P0AA6\"]}").reason());
        assertEquals(RejectReason.MISSING_FIELD,
                decode("{\"ts\":" + NOW + ",\"ecu\":\"BMS\",\"format\":\"uds\",\"dtcs\":[\"P0AA6\"]}").reason());
        assertEquals(RejectReason.TIMESTAMP_IN_FUTURE,
                decode("{\"ts\":" + (NOW + 3_600_000) + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}").reason());
        assertEquals(RejectReason.TIMESTAMP_TOO_OLD, decode("{\"ts\":0,\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\"]}").reason());
        assertEquals(RejectReason.INVALID_FIELD, decode("{\"ts\":" + NOW + ",\"ecu\":\"BMS\",\"dtcs\":\"P0AA6\"}").reason());
        assertFalse(decode("{\"ts\":" + NOW + ",\"ecu\":7,\"dtcs\":[]}").accepted());
    }

    @Test
    void manufacturerRanges_areToldApartFromGenericOnes() {
        assertTrue(new DtcCode("P1234").manufacturerSpecific());
        assertTrue(new DtcCode("P3000").manufacturerSpecific());
        assertFalse(new DtcCode("P3400").manufacturerSpecific());
        assertFalse(new DtcCode("P0AA6").manufacturerSpecific());
        assertTrue(new DtcCode("B1317").manufacturerSpecific());
        assertFalse(new DtcCode("U0100").manufacturerSpecific());
    }

    @Test
    void udsAndDm1PayloadShapes_decode() {
        Decoded<DtcReport> uds = decode("{\"ts\":" + NOW + ",\"ecu\":\"BMS\",\"format\":\"uds\",\"data\":\"59 02 FF 0A A6 00 09\"}");
        assertTrue(uds.accepted(), uds.detail());
        assertEquals("P0AA6-00", uds.value().dtcs().get(0).label());
        Decoded<DtcReport> dm1 = decode("{\"ts\":" + NOW + ",\"ecu\":\"EECU\",\"format\":\"j1939-dm1\",\"data\":\"04FFA8000401\"}");
        assertTrue(dm1.accepted(), dm1.detail());
        assertEquals("SPN 168 FMI 4", dm1.value().dtcs().get(0).key());
        assertTrue(dm1.value().lamps().anyOn());
    }

    @Test
    void dtcFormatOfEveryType_isCheckedWithoutWrapping() {
        String base = "{\"ts\":" + NOW + ",\"ecu\":\"BMS\",\"format\":\"uds\",\"data\":\"59 02 FF A8 00 04 09\",\"dtcFormat\":";
        assertEquals(RejectReason.INVALID_DTC, decode(base + "4294967296}").reason());
        assertEquals(RejectReason.INVALID_DTC, decode(base + "9}").reason());
        assertEquals(2L, stats.snapshot().dtcProblems().get("UNKNOWN_FORMAT_IDENTIFIER"));
        assertEquals(RejectReason.INVALID_FIELD, decode(base + "\"2\"}").reason());
        assertEquals(RejectReason.INVALID_FIELD, decode(base + "1e40}").reason());
        assertEquals("SPN 168 FMI 4", decode(base + "2}").value().dtcs().get(0).key());
    }

    @Test
    void paddingCodes_andTooManyDtcs() {
        Decoded<DtcReport> d = decode("{\"ts\":" + NOW + ",\"ecu\":\"BMS\",\"dtcs\":[\"P0AA6\",\"00 00\"]}");
        assertEquals(1, d.value().dtcs().size());
        StringBuilder hex = new StringBuilder("59 02 FF");
        for (int i = 1; i <= DtcDecoder.MAX_CODES + 10; i++) {
            hex.append(String.format(" %02X %02X 00 09", (i >> 8) & 0x3F, i & 0xFF));
        }
        Decoded<DtcReport> many = decode("{\"ts\":" + NOW + ",\"ecu\":\"BMS\",\"format\":\"uds\",\"data\":\"" + hex + "\"}");
        assertTrue(many.accepted(), many.detail());
        assertEquals(DtcDecoder.MAX_CODES, many.value().dtcs().size());
        assertEquals(1L, stats.snapshot().dtcProblems().get("TOO_MANY_DTCS"));
    }

    @Test
    void nonAsciiDigits_areInvalidCodesNotCrashes() {
        Decoded<DtcReport> d = decode("{\"ts\":" + NOW + ",\"ecu\":\"BMS\",\"dtcs\":[\"\u0660\u0661\u0664\u0663\"]}");
        assertEquals(RejectReason.INVALID_DTC, d.reason());
        Decoded<DtcReport> hex = decode("{\"ts\":" + NOW + ",\"ecu\":\"BMS\",\"format\":\"uds\",\"data\":\"59 02 FF \uFF10A A6 00 09\"}");
        assertEquals(RejectReason.INVALID_DTC, hex.reason());
        assertEquals(1L, stats.snapshot().dtcProblems().get("INVALID_HEX"));
    }
}

package dev.telematics.dtc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DtcCodeTest {
    @Test
    void standardVectors_decodeFromTwoBytes() {
        assertEquals("P0143", DtcCode.fromBytes(0x01, 0x43).code());
        assertEquals("B1234", DtcCode.fromBytes(0x92, 0x34).code());
        assertEquals("P0A80", DtcCode.fromBytes(0x0A, 0x80).code());
        assertEquals("U0100", DtcCode.fromBytes(0xC1, 0x00).code());
        assertEquals("C0035", DtcCode.fromBytes(0x40, 0x35).code());
    }

    @Test
    void everyTwoByteCode_roundTripsThroughTextAndBack() {
        for (int hi = 0; hi < 256; hi++) {
            for (int lo = 0; lo < 256; lo++) {
                DtcCode c = DtcCode.fromBytes(hi, lo);
                assertArrayEquals(new int[] {hi, lo}, c.toBytes(), c.code());
                assertEquals(c, DtcCode.parseAny(c.code()));
                assertEquals(c, DtcCode.parseAny(String.format("%02X %02x", hi, lo)));
            }
        }
    }

    @Test
    void parseAny_acceptsStringsAndHexBytes_rejectsTheRest() {
        assertEquals("P0AA6", DtcCode.parseAny("p0aa6").code());
        assertEquals("P0AA6", DtcCode.parseAny("0A A6").code());
        assertEquals("P0AA6", DtcCode.parseAny("0x0AA6").code());
        assertEquals(DtcProblem.INVALID_CODE, assertThrows(DtcDecodeException.class, () -> DtcCode.parseAny("P4AA6")).problem());
        assertEquals(DtcProblem.INVALID_CODE, assertThrows(DtcDecodeException.class, () -> DtcCode.parseAny("0A A")).problem());
        assertEquals(DtcProblem.INVALID_CODE, assertThrows(DtcDecodeException.class, () -> DtcCode.parseAny(null)).problem());
    }
}

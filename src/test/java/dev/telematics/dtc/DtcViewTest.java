package dev.telematics.dtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.config.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DtcViewTest {
    private final ObjectMapper json = Json.newMapper();

    private static DtcView view(ReportedDtc d) {
        return DtcView.of(new DtcChange("EECU", d, DtcChange.Transition.NEW, DtcState.CONFIRMED, 1_000, 1_000, 1),
                Optional.empty(), Optional.empty());
    }

    @Test
    void conversionMethodOneDtc_carriesItsFlagIntoTheEvidenceJson() throws Exception {
        // j1939-84 DiagnosticTroubleCodeTest.test1: 61 02 13 81 is SPN 609 FMI 19, OC 1, CM 1
        ReportedDtc old = J1939Dm1.decode(HexBytes.parse("04 FF 61 02 13 81 FF FF")).dtcs().get(0);
        DtcView v = view(old);
        assertEquals(609, v.spn());
        assertEquals(19, v.fmi());
        assertEquals(1, v.j1939ConversionMethod());
        String text = json.writeValueAsString(v);
        JsonNode tree = json.readTree(text);
        assertEquals(1, tree.get("j1939ConversionMethod").asInt(), text);
        assertEquals(v, json.readValue(text, DtcView.class), "evidence read back unchanged");
    }

    @Test
    void conversionMethod_isZeroForTodaysJ1939Dtcs_andAbsentForJ2012() throws Exception {
        assertEquals(0, view(J1939Dm1.decode(HexBytes.parse("04 FF A8 00 04 01 FF FF")).dtcs().get(0)).j1939ConversionMethod());
        DtcView j2012 = view(ReportedDtc.j2012(new DtcCode("P0AA6")));
        assertNull(j2012.j1939ConversionMethod());
        String stored = json.writeValueAsString(j2012).replace(",\"j1939ConversionMethod\":null", "");
        assertFalse(stored.contains("j1939ConversionMethod"), stored);
        assertNull(json.readValue(stored, DtcView.class).j1939ConversionMethod(), "evidence stored before the field reads");
    }
}

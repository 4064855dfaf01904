package dev.telematics.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.dtc.HexBytes;
import dev.telematics.dtc.J1939Dm1;
import dev.telematics.dtc.ReportedDtc;
import dev.telematics.dtc.UdsDtcReply;
import dev.telematics.error.EngineException;
import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenario DTC faults in each encoding produce payloads the engine's decoders read back exactly. */
class DtcFaultEncodingTest {
    private static final Vin VIN = Vin.of("LRWDEMC0000000001");

    private static DtcFault fault(String format, List<String> codes, int status) {
        return new DtcFault(1, VIN, Duration.ZERO, "BMS", format, codes, status, null);
    }

    @Test
    void udsFault_isARawReplyWithFailureTypesAndStatus() throws Exception {
        DtcFault f = fault("uds", List.of("P0AA1-00", "P0110-1C"), 0xAF);
        JsonNode msg = new ObjectMapper().readTree(Payloads.dtc(1_000, f));
        assertEquals("uds", msg.get("format").asText());
        assertEquals("59 02 FF 0A A1 00 AF 01 10 1C AF", msg.get("data").asText());
        List<ReportedDtc> back = UdsDtcReply.decode(HexBytes.parse(msg.get("data").asText()), 0).dtcs();
        assertEquals(List.of("P0AA1-00", "P0110-1C"), back.stream().map(ReportedDtc::label).toList());
        assertEquals(0xAF, back.get(1).status().value());
    }

    @Test
    void dm1Fault_isARawDm1WithTheAmberLampOn() throws Exception {
        DtcFault f = fault("j1939-dm1", List.of("168/1", "639/9"), DtcFault.DEFAULT_STATUS);
        JsonNode msg = new ObjectMapper().readTree(Payloads.dtc(1_000, f));
        var decoded = J1939Dm1.decode(HexBytes.parse(msg.get("data").asText()));
        assertEquals(List.of("SPN 168 FMI 1", "SPN 639 FMI 9"), decoded.dtcs().stream().map(ReportedDtc::key).toList());
        assertTrue(decoded.lamps().anyOn());
        assertNull(msg.get("dtcs"));
    }

    @Test
    void codesThatDoNotFitTheFormat_areScenarioErrors() {
        assertThrows(EngineException.class, () -> fault("uds", List.of("P0AA1-ZZ"), 9));
        assertThrows(EngineException.class, () -> fault("j1939-dm1", List.of("P0AA6"), 9));
        assertThrows(EngineException.class, () -> fault("j1939-dm1", List.of("600000/1"), 9));
        assertThrows(EngineException.class, () -> fault("obd", List.of("P0AA6"), 9));
        assertThrows(EngineException.class, () -> fault("j2012", List.of("P0AA6-00"), 9));
    }
}

package dev.telematics.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    @Test
    void telemetry_isOneSampleInTheContractFormat() {
        Map<String, Double> signals = new LinkedHashMap<>();
        signals.put("Vehicle.Speed", 52.4);
        signals.put("Vehicle.LowVoltageBattery.CurrentVoltage", 12.61);

        String json = new String(Payloads.telemetry(1763800000000L, 42, signals), StandardCharsets.UTF_8);

        assertEquals("{\"ts\":1763800000000,\"seq\":42,\"signals\":{\"Vehicle.Speed\":52.4,"
                + "\"Vehicle.LowVoltageBattery.CurrentVoltage\":12.61}}", json);
    }

    @Test
    void telemetry_writesLargeNumbersInPlainNotation() {
        String json = new String(Payloads.telemetry(1, 0,
                Map.of("Vehicle.TraveledDistance", 44449993.5)), StandardCharsets.UTF_8);

        assertEquals("{\"ts\":1,\"seq\":0,\"signals\":{\"Vehicle.TraveledDistance\":44449993.5}}", json);
    }

    @Test
    void dtc_isTheContractFormatWithJ2012() {
        String json = new String(Payloads.dtc(1763800000000L, "BMS", List.of("P0AA6", "U0100")),
                StandardCharsets.UTF_8);

        assertEquals("{\"ts\":1763800000000,\"ecu\":\"BMS\",\"format\":\"j2012\",\"dtcs\":[\"P0AA6\",\"U0100\"]}", json);
    }
}

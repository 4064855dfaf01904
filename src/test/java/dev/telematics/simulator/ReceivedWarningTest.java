package dev.telematics.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReceivedWarningTest {

    @Test
    void parse_readsTheContractFields_andKeepsTheRawPayload() {
        String json = """
                {"warningId": "W-2f6c1e0a", "vin": "LRWDEMC0000000001", "ts": 1763800060000,
                 "sourceTs": 1763800059950, "severity": "high", "ruleId": "lv-battery-low", "title": "12 V battery low",
                 "text": "Your car's 12 V battery is running low.", "caseNumber": "SC-000001"}""";

        ReceivedWarning w = ReceivedWarning.parse("LRWDEMC0000000001", json.getBytes(StandardCharsets.UTF_8), 99);

        assertEquals(new ReceivedWarning("LRWDEMC0000000001", "W-2f6c1e0a", "lv-battery-low", "high",
                "12 V battery low", "Your car's 12 V battery is running low.", "SC-000001", 99, json, 1763800059950L, null), w);
        assertEquals(99 - 1763800059950L, w.latencyMillis());
    }

    @Test
    void parse_givesNullForANullCaseNumber() {
        ReceivedWarning w = ReceivedWarning.parse("V", "{\"ruleId\":\"x\",\"caseNumber\":null}".getBytes(StandardCharsets.UTF_8), 1);

        assertEquals("x", w.ruleId());
        assertNull(w.caseNumber());
    }

    @Test
    void parse_keepsAPayloadThatIsNotJson() {
        ReceivedWarning w = ReceivedWarning.parse("V", "hello".getBytes(StandardCharsets.UTF_8), 1);

        assertNull(w.ruleId());
        assertEquals("hello", w.payload());
    }
}

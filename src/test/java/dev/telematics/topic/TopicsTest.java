package dev.telematics.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The topic contract: every topic is made and parsed in one place, and the two agree. */
class TopicsTest {
    private static final String VIN = "LRWDEMC0000000001";

    @Test
    void everyUplinkTopic_parsesBackToItsKindAndVin() {
        for (MessageKind k : MessageKind.values()) {
            String t = Topics.uplink(VIN, k);
            assertEquals(k, Topics.kindOf(t), t);
            assertEquals(VIN, Topics.vinSegment(t), t);
            assertFalse(Topics.isDownlink(t), t);
        }
        assertEquals("vehicles/" + VIN + "/telemetry", Topics.telemetry(VIN));
        assertEquals("vehicles/" + VIN + "/dtc", Topics.dtc(VIN));
        assertEquals("vehicles/" + VIN + "/commands/response", Topics.commandResponses(VIN));
    }

    @Test
    void downlinkTopics_areNotUplinks() {
        assertTrue(Topics.isDownlink(Topics.warnings(VIN)));
        assertTrue(Topics.isDownlink(Topics.commands(VIN)));
        assertNull(Topics.kindOf(Topics.warnings(VIN)));
        assertNull(Topics.kindOf(Topics.commands(VIN)));
    }

    @Test
    void foreignOrMalformedTopics_haveNoKindOrVin() {
        assertNull(Topics.kindOf("cars/" + VIN + "/telemetry"));
        assertNull(Topics.vinSegment("cars/" + VIN + "/telemetry"));
        assertNull(Topics.kindOf("vehicles/" + VIN));
        assertNull(Topics.vinSegment("vehicles/" + VIN));
        assertNull(Topics.kindOf("vehicles/" + VIN + "/telemetry/extra"));
        assertFalse(Topics.isVehicleTopic("vehicle/x"));
    }

    @Test
    void vehicleAndOwnerAppKinds_areTold() {
        assertTrue(MessageKind.TELEMETRY.fromVehicle());
        assertTrue(MessageKind.COMMAND_RESPONSE.fromVehicle());
        assertFalse(MessageKind.WARNING_ACK.fromVehicle());
        assertFalse(MessageKind.OWNER_CONSENT.fromVehicle());
    }
}

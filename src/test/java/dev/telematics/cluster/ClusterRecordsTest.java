package dev.telematics.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.handoff.InboundRecord;
import dev.telematics.topic.MessageKind;
import dev.telematics.vehicle.Vin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The records the nodes exchange through Kafka, and the cluster settings: versioned, bounded, checked. */
class ClusterRecordsTest {
    private static final String VIN = "LRWSTGE0000000001";

    @Test
    void inboundRecord_roundTripsEveryKind_andRefusesForeignBytes() {
        for (MessageKind k : MessageKind.values()) {
            if (k == MessageKind.COMMAND_RESPONSE) {
                continue;
            }
            byte[] payload = ("{\"kind\":\"" + k + "\"}").getBytes(StandardCharsets.UTF_8);
            InboundRecord r = new InboundRecord(Vin.of(VIN), k, 1_700_000_000_123L, payload);
            InboundRecord back = InboundCodec.decode(VIN, InboundCodec.encode(r));
            assertEquals(k, back.kind());
            assertEquals(1_700_000_000_123L, back.receivedAtMillis());
            assertArrayEquals(payload, back.payload());
        }
        assertThrows(IllegalArgumentException.class, () -> InboundCodec.decode("not-a-vin", new byte[12]));
        assertThrows(IllegalArgumentException.class, () -> InboundCodec.decode(VIN, new byte[] {2, 1, 0}));
        byte[] unknownKind = InboundCodec.encode(new InboundRecord(Vin.of(VIN), MessageKind.DTC, 0, new byte[0]));
        unknownKind[1] = 99;
        assertThrows(IllegalArgumentException.class, () -> InboundCodec.decode(VIN, unknownKind));
        assertThrows(IllegalArgumentException.class, () ->
                new InboundRecord(Vin.of(VIN), MessageKind.COMMAND_RESPONSE, 0, new byte[0]));
    }

    @Test
    void downlinkRecord_roundTrips_andATruncatedOrHostileOneFailsClearly() {
        Downlink d = new Downlink(Downlink.Kind.WARNING, "id-1", "vehicles/" + VIN + "/warnings", 0, "{}".getBytes());
        Downlink back = Downlink.decode(d.encode());
        assertEquals(d.kind(), back.kind());
        assertEquals(d.topic(), back.topic());
        assertArrayEquals(d.payload(), back.payload());
        byte[] bytes = d.encode();
        assertThrows(IllegalArgumentException.class, () -> Downlink.decode(Arrays.copyOf(bytes, bytes.length - 1)));
        byte[] huge = d.encode();
        int lengthAt = huge.length - 2 - 4; // the payload length field before the 2 payload bytes
        huge[lengthAt] = 0x7f;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Downlink.decode(huge));
        assertTrue(e.getMessage().contains("bytes"), e.getMessage());
    }

    @Test
    void clusterConfig_hasDefaults_andRefusesWhatCannotWork() {
        ClusterConfig c = ClusterConfig.of("127.0.0.1:9092", "node-1");
        assertEquals(48, c.partitions());
        assertEquals("telematics", c.topicPrefix());
        assertEquals(Duration.ofSeconds(10), c.checkpointEvery());
        assertTrue(c.runs(ClusterConfig.Role.PROCESSING));
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.of("127.0.0.1:9092", "Node_1"));
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.of(" ", "a"));
        assertThrows(IllegalArgumentException.class, () -> c.withTopics("telematics", 0, (short) 1, 1));
        assertThrows(IllegalArgumentException.class, () -> c.withTopics("telematics", 48, (short) 1, 2),
                "min in-sync above the replication factor");
        assertThrows(IllegalArgumentException.class, () -> c.withTopics("bad prefix", 48, (short) 1, 1));
        assertThrows(IllegalArgumentException.class, () ->
                c.withTimes(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(5)), "session below 6 s");
        assertEquals(Set.of(ClusterConfig.Role.EDGE, ClusterConfig.Role.DELIVERY),
                c.withRoles(Set.of(ClusterConfig.Role.EDGE, ClusterConfig.Role.DELIVERY)).roles());
        ClusterTopics t = new ClusterTopics(c);
        assertEquals("telematics.inbound", t.inbound());
        assertEquals("telematics.vehicle-state", t.state());
        assertEquals("telematics.downlink.node-1", t.downlink("node-1"));
    }
}

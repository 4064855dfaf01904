package dev.telematics.broker;

import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import dev.telematics.handoff.RejectReason;

/**
 * The acknowledgement a client gets for a message the engine did not process. MQTT 5 clients see the
 * reason code in their PUBACK (PUBREC for QoS 2): bad topics 0x90 TOPIC_NAME_INVALID; bad payloads,
 * oversized ones included, 0x99 PAYLOAD_FORMAT_INVALID (MQTT 5 has no "packet too large" PUBACK code: 0x95
 * is a DISCONNECT code); an owner's acknowledgement of another car's case 0x87 NOT_AUTHORIZED, of an
 * unknown case or a warning never sent 0x83 IMPLEMENTATION_SPECIFIC_ERROR (a valid publish the engine does
 * not accept); an engine that could not take the message 0x97 QUOTA_EXCEEDED; a processing failure 0x80
 * UNSPECIFIED_ERROR. The last two ask the car to send it again.
 */
final class AckReasons {
    private AckReasons() {
    }

    static AckReasonCode of(RejectReason reason) {
        return switch (reason) {
            case INVALID_TOPIC, INVALID_VIN -> AckReasonCode.TOPIC_NAME_INVALID;
            case OTHER_VEHICLES_CASE -> AckReasonCode.NOT_AUTHORIZED;
            case UNKNOWN_CASE, UNKNOWN_WARNING -> AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
            case OVERLOADED -> AckReasonCode.QUOTA_EXCEEDED;
            case PROCESSING_ERROR -> AckReasonCode.UNSPECIFIED_ERROR;
            default -> AckReasonCode.PAYLOAD_FORMAT_INVALID;
        };
    }

    /**
     * Whether the message may succeed if sent again (the engine was overloaded or failed). For MQTT 3
     * clients, which cannot be told a reason, such a message is refused by closing the connection (the
     * client sends it again after reconnecting); bad input is acknowledged, counted and dropped, since
     * sending it again cannot help.
     */
    static boolean retryable(RejectReason reason) {
        return reason == RejectReason.OVERLOADED || reason == RejectReason.PROCESSING_ERROR;
    }
}

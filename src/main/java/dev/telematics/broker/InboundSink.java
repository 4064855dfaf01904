package dev.telematics.broker;

/**
 * Receives each publish on a vehicle uplink topic. Called on HiveMQ's extension threads, in order per
 * client; must not throw. It may block for a bounded time to apply back-pressure.
 */
@FunctionalInterface
public interface InboundSink {
    /**
     * @return true when the engine took the message (processed later, or rejected and counted); false
     *         when it is overloaded and refuses it: the broker then answers the car with QUOTA_EXCEEDED
     *         (MQTT 5) so that the car keeps the message and sends it again
     */
    boolean accept(String topic, byte[] payload);
}

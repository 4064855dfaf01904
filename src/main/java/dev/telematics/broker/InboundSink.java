package dev.telematics.broker;

/**
 * Receives each publish on a vehicle uplink topic. Called on HiveMQ's extension threads, in order per
 * client; may block briefly to apply back-pressure, must not throw.
 */
@FunctionalInterface
public interface InboundSink {
    void accept(String topic, byte[] payload);
}

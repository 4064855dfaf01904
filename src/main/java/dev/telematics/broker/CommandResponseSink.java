package dev.telematics.broker;

/**
 * Takes cars' answers to remote commands ({@code vehicles/{VIN}/commands/response}) with their MQTT 5
 * correlation data. Called on HiveMQ's extension threads; must be quick and never throw.
 */
@FunctionalInterface
public interface CommandResponseSink {
    CommandResponseSink NONE = (vin, correlation, payload) -> { };

    /** {@code correlation} is empty when the answer had no correlation data. */
    void onResponse(String vin, byte[] correlation, byte[] payload);
}

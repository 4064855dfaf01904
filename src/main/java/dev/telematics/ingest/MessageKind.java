package dev.telematics.ingest;

/**
 * The uplink topics the engine processes: the car's {@code vehicles/{VIN}/telemetry} and
 * {@code vehicles/{VIN}/dtc}, and the owner app's {@code vehicles/{VIN}/warnings/ack} (a warning was read)
 * , {@code vehicles/{VIN}/owner/settings} (the owner's language) and {@code vehicles/{VIN}/owner/consent}
 * (remote-diagnostic consent), and the car's answers to commands on {@code vehicles/{VIN}/commands/response}.
 */
public enum MessageKind {
    TELEMETRY("telemetry"),
    DTC("dtc"),
    WARNING_ACK("warnings/ack"),
    OWNER_SETTINGS("owner/settings"),
    /** The owner app grants or withdraws remote-diagnostic access: {@code {"remoteDiagnostics": true}}. */
    OWNER_CONSENT("owner/consent"),
    /** The car's answer to a remote diagnostic command (MQTT 5 request/response, correlation data = command id). */
    COMMAND_RESPONSE("commands/response");

    private final String suffix;

    MessageKind(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }
}

package dev.telematics.topic;

/**
 * The uplink topics the engine processes: the car's {@code vehicles/{VIN}/telemetry} and
 * {@code vehicles/{VIN}/dtc}, and the owner app's {@code vehicles/{VIN}/warnings/ack} (a warning was read)
 * , {@code vehicles/{VIN}/owner/settings} (the owner's language) and {@code vehicles/{VIN}/owner/consent}
 * (remote-diagnostic consent), and the car's answers to commands on {@code vehicles/{VIN}/commands/response}.
 */
public enum MessageKind {
    TELEMETRY("telemetry", true),
    DTC("dtc", true),
    WARNING_ACK("warnings/ack", false),
    OWNER_SETTINGS("owner/settings", false),
    /** The owner app grants or withdraws remote-diagnostic access: {@code {"remoteDiagnostics": true}}. */
    OWNER_CONSENT("owner/consent", false),
    /** The car's answer to a remote diagnostic command (MQTT 5 request/response, correlation data = command id). */
    COMMAND_RESPONSE("commands/response", true);

    private final String suffix;
    private final boolean fromVehicle;

    MessageKind(String suffix, boolean fromVehicle) {
        this.suffix = suffix;
        this.fromVehicle = fromVehicle;
    }

    /** True when the car itself publishes this kind; false for the owner app's messages. */
    public boolean fromVehicle() {
        return fromVehicle;
    }

    public String suffix() {
        return suffix;
    }
}

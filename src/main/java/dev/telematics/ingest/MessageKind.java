package dev.telematics.ingest;

/**
 * The uplink topics the engine processes: the car's {@code vehicles/{VIN}/telemetry} and
 * {@code vehicles/{VIN}/dtc}, and the owner app's {@code vehicles/{VIN}/warnings/ack} (a warning was read)
 * and {@code vehicles/{VIN}/owner/settings} (the owner's language).
 */
public enum MessageKind {
    TELEMETRY("telemetry"),
    DTC("dtc"),
    WARNING_ACK("warnings/ack"),
    OWNER_SETTINGS("owner/settings");

    private final String suffix;

    MessageKind(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }
}

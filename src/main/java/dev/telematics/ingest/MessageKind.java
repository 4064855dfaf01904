package dev.telematics.ingest;

/** The vehicle uplink topics the engine processes: {@code vehicles/{VIN}/telemetry} and {@code vehicles/{VIN}/dtc}. */
public enum MessageKind {
    TELEMETRY("telemetry"),
    DTC("dtc");

    private final String suffix;

    MessageKind(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }
}

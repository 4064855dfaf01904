package dev.telematics.vehicle;

/** The value type of a signal, as written in the signal catalog. */
public enum SignalType {
    NUMBER("number"),
    BOOLEAN("boolean"),
    NUMBER_ARRAY("number[]");

    private final String label;

    SignalType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static SignalType fromLabel(String label) {
        for (SignalType t : values()) {
            if (t.label.equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown signal type '" + label + "' (use number, boolean or number[])");
    }
}

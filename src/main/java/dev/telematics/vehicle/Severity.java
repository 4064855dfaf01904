package dev.telematics.vehicle;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How serious a problem is, most serious first. Written in lower case in files and JSON. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, INFO;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromLabel(String label) {
        for (Severity s : values()) {
            if (s.label().equalsIgnoreCase(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown severity '" + label + "' (use critical, high, medium, low or info)");
    }
}

package dev.telematics.remote;

import java.util.Locale;

/** The remote diagnostic commands a technician may send a car (with the owner's consent). */
public enum CommandType {
    /** Read the car's stored and pending DTCs now. */
    READ_DTCS,
    /** A fresh snapshot of the car's signals. */
    SNAPSHOT,
    /** Clear the car's DTCs, after a repair. */
    CLEAR_DTCS;

    /** The command named {@code s} (any case), or null. */
    public static CommandType parse(String s) {
        if (s == null) {
            return null;
        }
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

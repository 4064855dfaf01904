package dev.telematics.vehicle;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;

/**
 * A vehicle identification number (ISO 3779): 17 characters from 0-9 and A-Z without I, O and Q.
 * The check digit (position 9) is a North-American requirement only, so it is not enforced.
 */
public record Vin(String value) {
    public static final int LENGTH = 17;

    public Vin {
        String problem = problem(value);
        if (problem != null) {
            throw new EngineException(ErrorCode.INVALID_VIN, problem);
        }
    }

    public static Vin of(String value) {
        return new Vin(value);
    }

    /**
     * The vehicle's model key: world manufacturer identifier and vehicle descriptor (characters 1-8), the
     * same for every car of a model line. Fleet statistics compare a car with its model; the archive tags
     * its points with it.
     */
    public String model() {
        return value.substring(0, 8);
    }

    /** True when {@code value} is a valid VIN; allocation-free, for the hot path. */
    public static boolean isValid(CharSequence value) {
        return problem(value) == null;
    }

    private static String problem(CharSequence value) {
        if (value == null) {
            return "VIN is missing";
        }
        if (value.length() != LENGTH) {
            return "VIN must have 17 characters, got " + value.length();
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = value.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            boolean letter = c >= 'A' && c <= 'Z' && c != 'I' && c != 'O' && c != 'Q';
            if (!digit && !letter) {
                return "VIN has an invalid character '" + c + "' at position " + (i + 1)
                        + " (allowed: 0-9 and A-Z without I, O, Q)";
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return value;
    }
}

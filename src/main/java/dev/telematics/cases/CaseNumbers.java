package dev.telematics.cases;

import java.util.Optional;

/** Human-readable case numbers an owner can quote: "SC-000042" (SC = service case). */
public final class CaseNumbers {
    public static final String PREFIX = "SC-";

    private CaseNumbers() {
    }

    public static String format(long id) {
        return String.format("%s%06d", PREFIX, id);
    }

    /** The id in a case number, or empty when {@code number} is not one. */
    public static Optional<Long> parse(String number) {
        if (number == null || !number.startsWith(PREFIX) || number.length() < PREFIX.length() + 6) {
            return Optional.empty();
        }
        String digits = number.substring(PREFIX.length());
        if (digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(digits));
    }
}

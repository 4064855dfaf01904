package dev.telematics.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.math.RoundingMode;

/**
 * Parses the durations of rule, scenario and configuration files: a number with a unit ({@code 500ms}, {@code 5s}, {@code 1.5s},
 * {@code 2m}, {@code 1h}) or an ISO-8601 duration ({@code PT5S}). Negative durations are refused.
 *
 * <p>Stateless and thread-safe.
 */
public final class Durations {
    /** Shown in error messages so the author knows what is accepted. */
    public static final String ACCEPTED = "a duration such as 500ms, 5s, 2m, 1h, 1d or PT5S";

    private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Returns the duration written as {@code text}.
     *
     * @throws IllegalArgumentException when {@code text} is not a non-negative duration; the message says
     *                                  what was wrong and what is accepted
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration; expected " + ACCEPTED);
        }
        String trimmed = text.trim();
        Matcher m = SHORT.matcher(trimmed);
        if (m.matches()) {
            return fromNumber(new BigDecimal(m.group(1)), m.group(2), text);
        }
        if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                Duration d = Duration.parse(trimmed);
                if (d.isNegative()) {
                    throw new IllegalArgumentException("negative duration '" + text + "'");
                }
                return d;
            } catch (DateTimeParseException e) {
                // fall through to the common message
            }
        }
        throw new IllegalArgumentException("bad duration '" + text + "'; expected " + ACCEPTED);
    }

    /** Formats {@code d} the short way ({@code 500ms}, {@code 5s}, {@code 2m}), for messages and reports. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static Duration fromNumber(BigDecimal amount, String unit, String original) {
        long factorMillis = switch (unit) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> throw new IllegalArgumentException("bad duration unit in '" + original + "'");
        };
        BigDecimal millis = amount.multiply(BigDecimal.valueOf(factorMillis));
        try {
            return Duration.ofMillis(millis.setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + original + "' is too long", e);
        }
    }
}

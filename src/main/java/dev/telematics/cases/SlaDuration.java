package dev.telematics.cases;

import dev.telematics.config.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SLA target's length: either elapsed time ({@code 4h}: the clock runs through nights, weekends and
 * holidays) or a number of working days ({@code 3 working days}: counted on the service center's
 * {@link WorkingCalendar}). Exactly one of the two is set.
 *
 * @param elapsed     the elapsed time, or null for a working-day target
 * @param workingDays the number of working days (at least 1), or 0 for an elapsed-time target
 */
public record SlaDuration(Duration elapsed, int workingDays) {
    /** Shown in error messages so the author knows what is accepted. */
    public static final String ACCEPTED = Durations.ACCEPTED + ", or a number of working days such as '3 working days'";
    private static final Pattern WORKING_DAYS = Pattern.compile("(\\d{1,4})\\s+working\\s+days?");

    public SlaDuration {
        if ((elapsed == null) == (workingDays == 0)) {
            throw new IllegalArgumentException("an SLA target is either elapsed time or working days (at least 1)");
        }
        if (workingDays < 0 || elapsed != null && (elapsed.isNegative() || elapsed.isZero())) {
            throw new IllegalArgumentException("an SLA target must be positive");
        }
    }

    public static SlaDuration of(Duration elapsed) {
        return new SlaDuration(Objects.requireNonNull(elapsed, "elapsed"), 0);
    }

    public static SlaDuration ofWorkingDays(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a working-day SLA target needs at least 1 working day, not " + n);
        }
        return new SlaDuration(null, n);
    }

    /**
     * Reads {@code 4h} (any {@link Durations} form) or {@code 3 working days} ({@code 1 working day}).
     *
     * @throws IllegalArgumentException naming the text and what is accepted
     */
    public static SlaDuration parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = WORKING_DAYS.matcher(t);
        if (m.matches()) {
            return ofWorkingDays(Integer.parseInt(m.group(1)));
        }
        if (t.contains("work") || t.contains("day")) {
            throw new IllegalArgumentException("bad SLA target '" + text + "'; expected " + ACCEPTED);
        }
        try {
            Duration d = Durations.parse(text);
            if (d.isZero()) {
                throw new IllegalArgumentException("an SLA target must be positive, not '" + text + "'");
            }
            return of(d);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad SLA target '" + text + "'; expected " + ACCEPTED, e);
        }
    }

    public boolean isWorkingDays() {
        return workingDays > 0;
    }

    @Override
    public String toString() {
        return isWorkingDays() ? workingDays + (workingDays == 1 ? " working day" : " working days")
                : Durations.format(elapsed);
    }
}

package dev.telematics.rules;

import dev.telematics.vehicle.Severity;

import java.util.List;

/**
 * The plain words an owner reads when a rule fires: a short title, what it means and what to do, and
 * how urgent it is: {@code stop-safely} (stop safely now), {@code service-soon} or {@code information}.
 */
public record OwnerMessage(String title, String text, String urgency) {
    public static final List<String> URGENCIES = List.of("stop-safely", "service-soon", "information");

    public OwnerMessage {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("owner warning needs a title");
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("owner warning needs a text");
        }
        if (urgency != null && !URGENCIES.contains(urgency)) {
            throw new IllegalArgumentException("owner urgency '" + urgency + "' is not one of " + URGENCIES);
        }
    }

    /** A message whose urgency follows from the rule's severity (see {@link #urgencyFor}). */
    public OwnerMessage(String title, String text) {
        this(title, text, null);
    }

    /** The urgency written in the rule, or the one its severity implies: critical stops, high and medium book a visit. */
    public String urgencyFor(Severity severity) {
        if (urgency != null) {
            return urgency;
        }
        return switch (severity) {
            case CRITICAL -> "stop-safely";
            case HIGH, MEDIUM -> "service-soon";
            default -> "information";
        };
    }
}

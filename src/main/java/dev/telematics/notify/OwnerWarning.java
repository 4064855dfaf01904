package dev.telematics.notify;

import dev.telematics.rules.Severity;

/**
 * A warning to the owner, as published on {@code vehicles/{VIN}/warnings} (see docs/message-contract.md):
 * plain words in the owner's language, the urgency in words and what to do, and the case number to quote.
 *
 * @param urgency     stop-safely, service-soon or information
 * @param urgencyText the urgency in the owner's language ("Stop safely now")
 * @param action      what the owner should do
 * @param quote       the sentence that gives the case number to quote, or null without a case
 * @param reminder    true for a reminder of a problem still open after the reminder period
 */
public record OwnerWarning(String warningId, String vin, long ts, long sourceTs, Severity severity, String urgency,
                           String ruleId, String title, String text, String caseNumber, String language,
                           String urgencyText, String action, String quote, boolean reminder) {
    public OwnerWarning {
        java.util.Objects.requireNonNull(warningId, "warningId");
        java.util.Objects.requireNonNull(vin, "vin");
        java.util.Objects.requireNonNull(severity, "severity");
        java.util.Objects.requireNonNull(ruleId, "ruleId");
        java.util.Objects.requireNonNull(text, "text");
    }

    public static String topicFor(String vin) {
        return "vehicles/" + vin + "/warnings";
    }
}

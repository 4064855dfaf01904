package dev.telematics.handoff;

import dev.telematics.vehicle.Severity;
import java.util.Objects;

/**
 * A warning to the owner, handed from processing to delivery and as published on {@code vehicles/{VIN}/warnings} (see docs/message-contract.md):
 * plain words in the owner's language, the urgency in words and what to do, and the case number to quote.
 *
 * @param urgency     stop-safely, service-soon or information
 * @param urgencyText the urgency in the owner's language ("Stop safely now")
 * @param action      what the owner should do
 * @param quote       the sentence that gives the case number to quote, or null without a case
 * @param reminder    true for a reminder of a problem still open after the reminder period
 * @param forecast    for a predictive warning: the crossing it foresees and its interval; null otherwise
 */
public record OwnerWarning(String warningId, String vin, long ts, long sourceTs, Severity severity, String urgency,
                           String ruleId, String title, String text, String caseNumber, String language,
                           String urgencyText, String action, String quote, boolean reminder,
                           WarningForecast forecast) {
    public OwnerWarning {
        Objects.requireNonNull(warningId, "warningId");
        Objects.requireNonNull(vin, "vin");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(text, "text");
    }
}

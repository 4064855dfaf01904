package dev.telematics.notify;

import dev.telematics.rules.Severity;

/** A warning to the owner, as published on {@code vehicles/{VIN}/warnings} (see docs/message-contract.md). */
public record OwnerWarning(String warningId, String vin, long ts, long sourceTs, Severity severity, String urgency,
                           String ruleId, String title, String text, String caseNumber) {
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

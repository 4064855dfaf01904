package dev.telematics.notify;

import dev.telematics.rules.Severity;

/** A warning to the owner, as published on {@code vehicles/{VIN}/warnings} (see docs/message-contract.md). */
public record OwnerWarning(String warningId, String vin, long ts, Severity severity, String ruleId, String title,
                           String text, String caseNumber) {

    public static String topicFor(String vin) {
        return "vehicles/" + vin + "/warnings";
    }
}

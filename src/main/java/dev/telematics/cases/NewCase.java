package dev.telematics.cases;

import dev.telematics.rules.Severity;
import java.time.Instant;

/** What the store needs to create a case; it assigns the id, the number and the version. */
public record NewCase(String vin, String problem, String ruleId, Severity severity, String title,
                      String description, Instant openedAt, Evidence evidence, CaseEvent openedEvent) {
}

package dev.telematics.testing;

import dev.telematics.cases.Evidence;
import dev.telematics.rules.OwnerMessage;
import dev.telematics.rules.RuleFiring;
import dev.telematics.rules.RuleMeta;
import dev.telematics.vehicle.Severity;
import dev.telematics.vehicle.Vin;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Plain rule firings and evidence for tests of the processing stages (no broker, no database). */
public final class TestFirings {
    public static final String VIN = "LRWSTGE0000000001";

    private TestFirings() {
    }

    public static RuleMeta rule(String id, String problem, String severity, boolean opensCase) {
        return new RuleMeta(id, "dtc", "test rule", Severity.fromLabel(severity), opensCase, problem,
                new OwnerMessage("Insulation fault", "Stop safely."), "test");
    }

    public static RuleFiring firing(String id, String problem, String severity, long ts) {
        return new RuleFiring(rule(id, problem, severity, true), Vin.of(VIN), ts, Map.of("value", 1.0));
    }

    public static Evidence evidence(Instant at) {
        return new Evidence(at, Map.of("value", 1.0), Map.of(), Map.of(), Map.of(), List.of(), List.of());
    }
}

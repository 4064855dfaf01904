package dev.telematics.cases;

import dev.telematics.dtc.DtcView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Collections;
import java.util.LinkedHashMap;

/**
 * What the workshop needs before the car arrives, made when a case goes to SERVICE_BOOKED: the suspected
 * parts to stage and the work to plan (from the knowledge base), the skill, the evidence that led here and
 * the technicians' notes. The owner quotes {@code number}.
 *
 * @param number          work-order number, e.g. WO-000042 (the case's id)
 * @param labour          the checks and work the workshop should plan (the knowledge base's checks, done
 *                        hands-on); the knowledge base holds no labour times
 * @param suspectedCauses likely causes, most likely first
 * @param trigger         what made the rule fire
 * @param dtcs            the vehicle's fault codes when the case last saw it
 */
public record WorkOrder(String number, Instant createdAt, String createdBy, String caseNumber, String vin,
                        String problem, String skill, List<String> parts, List<String> labour,
                        List<String> suspectedCauses, Map<String, Object> trigger, List<DtcView> dtcs,
                        List<CaseNote> notes) {
    public WorkOrder {
        parts = List.copyOf(parts);
        labour = List.copyOf(labour);
        suspectedCauses = List.copyOf(suspectedCauses);
        trigger = trigger == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(trigger));
        dtcs = List.copyOf(dtcs);
        notes = List.copyOf(notes);
    }

    public static String numberFor(long caseId) {
        return String.format("WO-%06d", caseId);
    }
}

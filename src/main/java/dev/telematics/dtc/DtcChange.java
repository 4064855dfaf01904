package dev.telematics.dtc;

/**
 * What one report did to one DTC of one ECU.
 *
 * @param transition NEW (first time), REAPPEARED (back after being cleared), CONFIRMED (pending became
 *                   confirmed), STILL_PRESENT, CLEARED (gone from the ECU's report, or its status says so)
 * @param occurrences how many times the DTC became active (NEW counts 1, each REAPPEARED one more)
 */
public record DtcChange(String ecu, ReportedDtc dtc, Transition transition, DtcState state, long firstSeen,
                        long lastSeen, int occurrences) {

    public enum Transition { NEW, REAPPEARED, CONFIRMED, STILL_PRESENT, CLEARED }

    public boolean active() {
        return state != DtcState.CLEARED;
    }
}

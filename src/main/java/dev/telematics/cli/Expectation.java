package dev.telematics.cli;

/**
 * What the demo expected of one injected fault, and whether it happened.
 *
 * @param dueAtSeconds when the rule should have fired at the latest (fault start + ramp + hold + slack)
 * @param due          whether that is within the run (faults not yet due are shown but do not fail the demo)
 */
record Expectation(String vin, String rule, String problem, double dueAtSeconds, boolean due, String caseNumber,
                   boolean caseOpened, boolean warningDelivered) {

    boolean met() {
        return caseOpened && warningDelivered;
    }
}

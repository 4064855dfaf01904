package dev.telematics.cases;

/**
 * What became of an owner's acknowledgement of a warning ({@link CaseWorkflow#ownerAcknowledged}). Names
 * are stable: they are counted in {@code GET /api/stats} ({@code ownerAcks}).
 */
public enum OwnerAck {
    /** A warning sent to the car for this case, acknowledged for the first time: recorded. */
    ACCEPTED,
    /** The warning was acknowledged already: nothing changes (an owner app may send it again). */
    REPEATED,
    /** No case with that number. */
    UNKNOWN_CASE,
    /** The case belongs to another vehicle than the topic's. */
    OTHER_VEHICLES_CASE,
    /** No warning with that id was sent to the car for this case (invented, of another case, or never sent). */
    UNKNOWN_WARNING;

    /** True when the owner app is told "done" (recorded now or before). */
    public boolean accepted() {
        return this == ACCEPTED || this == REPEATED;
    }
}

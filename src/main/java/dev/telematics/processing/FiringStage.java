package dev.telematics.processing;

/**
 * One step of a rule firing's processing (see {@link VehicleProcessor#FIRING_STAGES} for the order).
 *
 * <p>Threading: called on the processing thread that owns the firing's vehicle, one firing at a time per
 * vehicle; a stage that keeps state across vehicles must be thread-safe. A stage handles its own
 * expected failures (e.g. a case database outage) so that the stages after it still run.
 */
@FunctionalInterface
public interface FiringStage {
    void process(Firing firing);
}

package dev.telematics.handoff;

/**
 * The hand-off from processing to delivery: an owner warning that processing decided to send. Delivery
 * publishes it to the car and its owner app, confirms that the broker took it, and records it on the
 * case ({@code caseId}, null without a case) only then.
 *
 * <p>Threading: called on processing threads; never blocks and never throws.
 */
@FunctionalInterface
public interface WarningDelivery {
    void deliver(OwnerWarning warning, Long caseId);
}

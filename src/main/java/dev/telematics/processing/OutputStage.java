package dev.telematics.processing;

import dev.telematics.archive.Archive;
import dev.telematics.handoff.WarningDelivery;

/**
 * The outgoing messages of a firing: the owner warning handed to delivery (with its case, which delivery
 * marks as warned once the broker took the warning) and the alert point for the archive.
 */
public final class OutputStage implements FiringStage {
    private final WarningDelivery delivery;
    private final Archive archive;

    public OutputStage(WarningDelivery delivery, Archive archive) {
        this.delivery = delivery;
        this.archive = archive;
    }

    @Override
    public void process(Firing firing) {
        if (firing.warning() != null) {
            delivery.deliver(firing.warning(), firing.caseOutcome() == null ? null
                    : firing.caseOutcome().diagnosticCase().id());
        }
        archive.alert(firing.rule());
    }
}

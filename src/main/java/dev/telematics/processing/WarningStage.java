package dev.telematics.processing;

import dev.telematics.notify.OwnerNotifier;

/**
 * The decision to warn the owner and the warning's words: {@link OwnerNotifier} decides (first warning,
 * escalation, reminder, or nothing) and writes it in the owner's language.
 */
public final class WarningStage implements FiringStage {
    private final OwnerNotifier notifier;

    public WarningStage(OwnerNotifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public void process(Firing firing) {
        notifier.warningFor(firing.rule(), firing.caseOutcome()).ifPresent(firing::warning);
    }
}

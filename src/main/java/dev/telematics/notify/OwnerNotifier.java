package dev.telematics.notify;

import dev.telematics.cases.CaseOutcome;
import dev.telematics.handoff.OwnerLanguage;
import dev.telematics.handoff.OwnerWarning;
import dev.telematics.handoff.WarningForecast;
import dev.telematics.rules.RuleFiring;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a firing into the owner's warning when the {@link WarningPolicy} says one is due: plain words in
 * the language the owner chose for the car ({@link OwnerMessages}, {@link OwnerSettings}), the urgency,
 * what to do and the case number to quote. Sending it is delivery's work.
 *
 * <p>Threading: thread-safe; called on processing threads.
 */
public final class OwnerNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerNotifier.class);
    private final WarningPolicy policy;
    private final Clock clock;
    private final OwnerMessages messages;
    private final OwnerSettings settings;
    private final LongAdder suppressed = new LongAdder();
    private final LongAdder reminders = new LongAdder();

    public OwnerNotifier(WarningPolicy policy, Clock clock, OwnerMessages messages, OwnerSettings settings) {
        this.policy = policy;
        this.clock = clock;
        this.messages = messages;
        this.settings = settings;
    }

    public OwnerSettings settings() {
        return settings;
    }

    /**
     * The warning due for a firing ({@code outcome}: the case it opened or updated, null when the rule opens
     * no case), or empty when the owner is not to hear of it again.
     */
    public Optional<OwnerWarning> warningFor(RuleFiring firing, CaseOutcome outcome) {
        Optional<WarningPolicy.Kind> kind = policy.decide(outcome, clock.instant());
        if (kind.isEmpty()) {
            suppressed.increment();
            return Optional.empty();
        }
        boolean reminder = kind.get() == WarningPolicy.Kind.REMINDER;
        if (reminder) {
            reminders.increment();
        }
        String caseNumber = outcome == null ? null : outcome.diagnosticCase().number();
        String vin = firing.vin().value();
        OwnerMessages.Words words = messages.render(language(vin), firing, caseNumber, reminder);
        return Optional.of(new OwnerWarning("W-" + UUID.randomUUID(), vin, clock.millis(),
                firing.vehicleTimestampMillis(), firing.rule().severity(),
                firing.rule().owner().urgencyFor(firing.rule().severity()), firing.rule().id(), words.title(),
                words.text(), caseNumber, words.language(), words.urgencyLabel(), words.action(), words.quote(), reminder,
                WarningForecast.fromEvidence(firing.trigger())));
    }

    private String language(String vin) {
        try {
            String l = settings.language(vin);
            return l == null ? OwnerLanguage.ENGLISH : l;
        } catch (RuntimeException e) { // the settings store is down: warn in English rather than not at all
            LOG.warn("owner settings of {} unavailable, warning in English: {}", vin, e.getMessage());
            return OwnerLanguage.ENGLISH;
        }
    }

    /** Reminders decided for problems still open after the reminder period. */
    public long reminders() {
        return reminders.sum();
    }

    /** Recurrences the owner was not warned of again. */
    public long suppressed() {
        return suppressed.sum();
    }
}

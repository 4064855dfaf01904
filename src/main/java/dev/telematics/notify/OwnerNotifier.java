package dev.telematics.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseOutcome;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.cases.ServiceCenterConfig;
import dev.telematics.metrics.LatencyRecorder;
import dev.telematics.rules.RuleFiring;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns the owner when a rule fires, in the language the owner chose for the car: once per problem
 * while its case stays open (a recurrence of an open case is not repeated, unless it made the case
 * more severe or the owner's last warning of the case is a reminder period old and the case has no outcome
 * yet). Once the broker has taken a warning of a case, {@code ownerWarned} records the time on the case.
 * Thread-safe; publishing is asynchronous.
 */
public final class OwnerNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerNotifier.class);
    private final WarningPublisher publisher;
    private final ObjectMapper json;
    private final Clock clock;
    private final Consumer<OwnerWarning> onPublished;
    private final LongAdder published = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder suppressed = new LongAdder();
    private final LatencyRecorder publishLatency = new LatencyRecorder();
    private final LongAdder reminders = new LongAdder();
    private final OwnerMessages messages;
    private final OwnerSettings settings;
    private final Duration reminderAfter;
    private final BiConsumer<Long, Instant> ownerWarned;

    public OwnerNotifier(WarningPublisher publisher, ObjectMapper json, Clock clock, Consumer<OwnerWarning> onPublished) {
        this(publisher, json, clock, onPublished, OwnerMessages.english(), new InMemoryOwnerSettings());
    }

    public OwnerNotifier(WarningPublisher publisher, ObjectMapper json, Clock clock, Consumer<OwnerWarning> onPublished,
                         OwnerMessages messages, OwnerSettings settings) {
        this(publisher, json, clock, onPublished, messages, settings,
                ServiceCenterConfig.defaults().ownerReminderAfter(), (caseId, at) -> { });
    }

    /**
     * @param reminderAfter how long after the last warning of a case a recurrence reminds the owner
     * @param ownerWarned   told (case id, warning time) once the broker has taken a warning of a case
     */
    public OwnerNotifier(WarningPublisher publisher, ObjectMapper json, Clock clock, Consumer<OwnerWarning> onPublished,
                         OwnerMessages messages, OwnerSettings settings, Duration reminderAfter,
                         BiConsumer<Long, Instant> ownerWarned) {
        this.reminderAfter = reminderAfter;
        this.ownerWarned = ownerWarned;
        this.publisher = publisher;
        this.json = json;
        this.clock = clock;
        this.onPublished = onPublished;
        this.messages = messages;
        this.settings = settings;
    }

    public OwnerSettings settings() {
        return settings;
    }

    /**
     * Warns the owner of a firing. {@code outcome} is the case it opened or updated (null when the rule
     * opens no case). Returns the warning sent, or empty when it was not repeated.
     */
    public Optional<OwnerWarning> onFiring(RuleFiring firing, CaseOutcome outcome) {
        String caseNumber = outcome == null ? null : outcome.diagnosticCase().number();
        long now = clock.millis();
        boolean reminder = outcome != null && !outcome.opened() && !outcome.escalated()
                && reminderDue(outcome.diagnosticCase(), Instant.ofEpochMilli(now));
        if (outcome != null && !outcome.opened() && !outcome.escalated() && !reminder) {
            suppressed.increment();
            return Optional.empty();
        }
        long created = System.nanoTime();
        OwnerMessages.Words words = messages.render(language(firing.vin().value()), firing, caseNumber, reminder);
        OwnerWarning w = new OwnerWarning("W-" + UUID.randomUUID(), firing.vin().value(), now,
                firing.vehicleTimestampMillis(), firing.rule().severity(),
                firing.rule().owner().urgencyFor(firing.rule().severity()), firing.rule().id(), words.title(),
                words.text(), caseNumber, words.language(), words.urgencyLabel(), words.action(), words.quote(), reminder);
        if (reminder) {
            reminders.increment();
        }
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(w);
        } catch (JsonProcessingException e) {
            failed.increment();
            LOG.error("cannot serialise owner warning for {}", w.vin(), e);
            return Optional.empty();
        }
        publisher.publish(OwnerWarning.topicFor(w.vin()), payload).whenComplete((ok, err) -> {
            if (err == null) {
                published.increment();
                publishLatency.recordNanos(System.nanoTime() - created);
                try {
                    onPublished.accept(w);
                } catch (RuntimeException e) {
                    LOG.warn("warning listener failed", e);
                }
                if (outcome != null) {
                    recordWarned(outcome.diagnosticCase(), w);
                }
            } else {
                failed.increment();
                LOG.warn("owner warning {} for {} not published: {}", w.warningId(), w.vin(), err.toString());
            }
        });
        return Optional.of(w);
    }

    /**
     * A recurrence reminds the owner when the case has no outcome yet and its last warning (or, if none is
     * recorded, its opening) is at least the reminder period old.
     */
    private boolean reminderDue(DiagnosticCase c, Instant now) {
        Instant warned = c.work().ownerWarnedAt() != null ? c.work().ownerWarnedAt() : c.openedAt();
        return !c.status().outcome() && !warned.plus(reminderAfter).isAfter(now);
    }

    private void recordWarned(DiagnosticCase c, OwnerWarning w) {
        try {
            ownerWarned.accept(c.id(), Instant.ofEpochMilli(w.ts()));
        } catch (RuntimeException e) {
            LOG.warn("the time of warning {} could not be recorded on case {}: {}", w.warningId(), c.number(),
                    e.toString());
        }
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

    /** Reminders sent for problems still open after the reminder period. */
    public long reminders() {
        return reminders.sum();
    }

    public void resetLatency() {
        publishLatency.reset();
    }

    /** Time from a firing to the broker taking its owner warning. */
    public Map<String, Object> publishLatency() {
        return publishLatency.snapshot();
    }

    public long published() {
        return published.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long suppressed() {
        return suppressed.sum();
    }
}

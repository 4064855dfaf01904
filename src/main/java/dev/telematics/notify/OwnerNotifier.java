package dev.telematics.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseOutcome;
import dev.telematics.metrics.LatencyRecorder;
import dev.telematics.rules.RuleFiring;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns the owner when a rule fires: once per problem while its case stays open (a recurrence of an
 * open case is not repeated to the owner, unless it made the case more severe). Thread-safe;
 * publishing is asynchronous.
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

    public OwnerNotifier(WarningPublisher publisher, ObjectMapper json, Clock clock, Consumer<OwnerWarning> onPublished) {
        this.publisher = publisher;
        this.json = json;
        this.clock = clock;
        this.onPublished = onPublished;
    }

    /**
     * Warns the owner of a firing. {@code outcome} is the case it opened or updated (null when the rule
     * opens no case). Returns the warning sent, or empty when it was not repeated.
     */
    public Optional<OwnerWarning> onFiring(RuleFiring firing, CaseOutcome outcome) {
        if (outcome != null && !outcome.opened() && !outcome.escalated()) {
            suppressed.increment();
            return Optional.empty();
        }
        long created = System.nanoTime();
        OwnerWarning w = new OwnerWarning("W-" + UUID.randomUUID(), firing.vin().value(), clock.millis(),
                firing.vehicleTimestampMillis(),
                firing.rule().severity(), firing.rule().owner().urgencyFor(firing.rule().severity()),
                firing.rule().id(), firing.rule().owner().title(),
                firing.rule().owner().text(), outcome == null ? null : outcome.diagnosticCase().number());
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
            } else {
                failed.increment();
                LOG.warn("owner warning {} for {} not published: {}", w.warningId(), w.vin(), err.toString());
            }
        });
        return Optional.of(w);
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

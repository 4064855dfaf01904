package dev.telematics.ingest;

import dev.telematics.handoff.InboundLog;
import dev.telematics.handoff.InboundRecord;
import dev.telematics.handoff.Outcome;
import dev.telematics.handoff.ProcessingTier;
import dev.telematics.handoff.RejectReason;
import dev.telematics.handoff.VehicleMessage;
import dev.telematics.topic.MessageKind;
import dev.telematics.topic.Topics;
import dev.telematics.vehicle.Vin;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * The edge's intake: takes a raw publish from the broker, checks topic, VIN and size, decodes the payload
 * into a validated {@link VehicleMessage} and hands it to the {@link ProcessingTier}. What is plainly
 * wrong is rejected at once (counted by reason and logged, rate-limited) and never reaches processing.
 * The answer tells the broker how to acknowledge the publish: processed, or rejected with its reason.
 * In cluster mode the checked message goes to the inbound log instead ({@link InboundLog}), and the answer
 * is the log's: taken (replicated), or refused.
 *
 * <p>Threading: {@link #accept} runs on the broker's threads, in order for each client, and never
 * blocks; decoding happens there. The returned future completes when processing has answered.
 */
public final class EdgeIntake {
    private final MessageDecoding decoding;
    private final ProcessingTier processing;
    private final InboundLog log;
    private final IngestStats stats;
    private final RejectionLog rejections;
    private final Clock clock;
    private final int maxPayloadBytes;

    /** The single node: checked messages go straight to {@code processing}. */
    public EdgeIntake(MessageDecoding decoding, ProcessingTier processing, IngestStats stats, RejectionLog rejections,
                      Clock clock, int maxPayloadBytes) {
        this(decoding, processing, null, stats, rejections, clock, maxPayloadBytes);
    }

    /**
     * Cluster mode: checked messages are appended to the inbound {@code log} (their bytes as the car sent them);
     * the outcome is the log's. {@code processing} is null then.
     */
    public EdgeIntake(MessageDecoding decoding, InboundLog log, IngestStats stats, RejectionLog rejections,
                      Clock clock, int maxPayloadBytes) {
        this(decoding, null, log, stats, rejections, clock, maxPayloadBytes);
    }

    private EdgeIntake(MessageDecoding decoding, ProcessingTier processing, InboundLog log, IngestStats stats,
                       RejectionLog rejections, Clock clock, int maxPayloadBytes) {
        this.decoding = decoding;
        this.processing = processing;
        this.log = log;
        this.stats = stats;
        this.rejections = rejections;
        this.clock = clock;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** Takes one message published on {@code topic}; the future tells what became of it (never fails). */
    public CompletableFuture<Outcome> accept(String topic, byte[] payload) {
        long receivedNanos = System.nanoTime();
        stats.received();
        String vinText = Topics.vinSegment(topic);
        MessageKind kind = Topics.kindOf(topic);
        if (vinText == null || kind == null) {
            return reject(null, RejectReason.INVALID_TOPIC, "topic '" + clip(topic) + "' is not vehicles/{VIN}/"
                    + "telemetry, dtc, warnings/ack, owner/settings or owner/consent");
        }
        stats.receivedKind(kind);
        if (!Vin.isValid(vinText)) {
            return reject(null, RejectReason.INVALID_VIN, "topic VIN '" + clip(vinText) + "' is not a valid VIN");
        }
        Vin vin = new Vin(vinText);
        if (payload.length > maxPayloadBytes) {
            return reject(vin, RejectReason.PAYLOAD_TOO_LARGE, payload.length + " bytes, limit " + maxPayloadBytes);
        }
        long now = clock.millis();
        Decoded<? extends VehicleMessage> decoded = decoding.decode(vin, kind, payload, now, receivedNanos);
        if (!decoded.accepted()) {
            return reject(vin, decoded.reason(), decoded.detail());
        }
        CompletableFuture<Outcome> taken = log != null ? log.append(new InboundRecord(vin, kind, now, payload))
                : processing.submit(decoded.value());
        return taken.thenApply(outcome -> {
            if (outcome.processed()) {
                stats.processed();
            } else {
                count(vin, outcome.reason(), outcome.detail());
            }
            return outcome;
        });
    }

    private CompletableFuture<Outcome> reject(Vin vin, RejectReason reason, String detail) {
        count(vin, reason, detail);
        return CompletableFuture.completedFuture(Outcome.rejected(reason, detail));
    }

    /** Counts and logs (rate-limited) a rejected message; {@code vin} is null when the topic had none. */
    private void count(Vin vin, RejectReason reason, String detail) {
        stats.rejected(reason);
        rejections.log(reason, vin == null ? "?" : vin.value(), detail);
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}

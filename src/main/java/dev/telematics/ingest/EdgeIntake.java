package dev.telematics.ingest;

import dev.telematics.dtc.DtcReport;
import dev.telematics.handoff.Outcome;
import dev.telematics.handoff.ProcessingTier;
import dev.telematics.handoff.RejectReason;
import dev.telematics.handoff.VehicleMessage;
import dev.telematics.topic.MessageKind;
import dev.telematics.topic.Topics;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.Vin;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The edge's intake: takes a raw publish from the broker, checks topic, VIN and size, decodes the payload
 * into a validated {@link VehicleMessage} and hands it to the {@link ProcessingTier}. What is plainly
 * wrong is rejected at once (counted by reason and logged, rate-limited) and never reaches processing.
 * The answer tells the broker how to acknowledge the publish: processed, or rejected with its reason.
 *
 * <p>Threading: {@link #accept} runs on the broker's threads, in order for each client, and never
 * blocks; decoding happens there. The returned future completes when processing has answered.
 */
public final class EdgeIntake {
    private final TelemetryDecoder telemetry;
    private final DtcDecoder dtc;
    private final OwnerAppDecoder ownerApp;
    private final ProcessingTier processing;
    private final IngestStats stats;
    private final RejectionLog rejections;
    private final Clock clock;
    private final int maxPayloadBytes;

    public EdgeIntake(TelemetryDecoder telemetry, DtcDecoder dtc, OwnerAppDecoder ownerApp, ProcessingTier processing,
                      IngestStats stats, RejectionLog rejections, Clock clock, int maxPayloadBytes) {
        this.telemetry = telemetry;
        this.dtc = dtc;
        this.ownerApp = ownerApp;
        this.processing = processing;
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
        Decoded<? extends VehicleMessage> decoded = decode(vin, kind, payload, receivedNanos);
        if (!decoded.accepted()) {
            return reject(vin, decoded.reason(), decoded.detail());
        }
        return processing.submit(decoded.value()).thenApply(outcome -> {
            if (outcome.processed()) {
                stats.processed();
            } else {
                count(vin, outcome.reason(), outcome.detail());
            }
            return outcome;
        });
    }

    private Decoded<? extends VehicleMessage> decode(Vin vin, MessageKind kind, byte[] payload, long receivedNanos) {
        long now = clock.millis();
        return switch (kind) {
            case TELEMETRY -> {
                Decoded<List<Sample>> d = telemetry.decode(payload, now);
                yield d.accepted() ? Decoded.ok(new VehicleMessage.Telemetry(vin, d.value(), receivedNanos))
                        : Decoded.reject(d.reason(), d.detail());
            }
            case DTC -> {
                Decoded<DtcReport> d = dtc.decode(payload, now);
                yield d.accepted() ? Decoded.ok(new VehicleMessage.Dtcs(vin, d.value(), receivedNanos))
                        : Decoded.reject(d.reason(), d.detail());
            }
            case WARNING_ACK -> {
                Decoded<OwnerAppDecoder.Ack> d = ownerApp.ack(payload);
                yield d.accepted() ? Decoded.ok(new VehicleMessage.WarningAck(vin, d.value().warningId(),
                        d.value().caseNumber(), receivedNanos)) : Decoded.reject(d.reason(), d.detail());
            }
            case OWNER_SETTINGS -> {
                Decoded<String> d = ownerApp.language(payload);
                yield d.accepted() ? Decoded.ok(new VehicleMessage.OwnerLanguage(vin, d.value(), receivedNanos))
                        : Decoded.reject(d.reason(), d.detail());
            }
            case OWNER_CONSENT -> {
                Decoded<Boolean> d = ownerApp.consent(payload);
                yield d.accepted() ? Decoded.ok(new VehicleMessage.OwnerConsent(vin, d.value(), receivedNanos))
                        : Decoded.reject(d.reason(), d.detail());
            }
            // the broker hands command answers (with their correlation data) to the pending command itself
            case COMMAND_RESPONSE -> Decoded.reject(RejectReason.INVALID_FIELD, "a command response arrived without "
                    + "its request");
        };
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

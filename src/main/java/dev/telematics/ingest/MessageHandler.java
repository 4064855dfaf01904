package dev.telematics.ingest;

import dev.telematics.archive.Archive;
import dev.telematics.cases.CaseOutcome;
import dev.telematics.cases.CaseIntake;
import dev.telematics.cases.CaseWorkflow;
import dev.telematics.cases.Evidence;
import dev.telematics.consent.OwnerConsent;
import dev.telematics.dtc.DtcChange;
import dev.telematics.dtc.DtcLifecycle;
import dev.telematics.dtc.DtcProblem;
import dev.telematics.dtc.DtcReport;
import dev.telematics.dtc.DtcView;
import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.dtc.KnowledgeEntry;
import dev.telematics.notify.OwnerNotifier;
import dev.telematics.rules.RuleEngine;
import dev.telematics.rules.RuleFiring;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.VehicleRegistry;
import dev.telematics.vehicle.VehicleState;
import dev.telematics.vehicle.Vin;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import dev.telematics.metrics.LatencyRecorder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Processes one vehicle message: decode, update the vehicle's state, run the rules, open or update
 * cases and warn the owner.
 *
 * <p>Threading: called by the ingest worker that owns the message's vehicle; never concurrently for
 * one vehicle. It never throws for bad input: a message is either processed or rejected and counted.
 */
public final class MessageHandler {
    private final TelemetryDecoder telemetry;
    private final DtcDecoder dtc;
    private final VehicleRegistry vehicles;
    private final RuleEngine rules;
    private final CaseIntake intake;
    private final CaseWorkflow cases;
    private final OwnerNotifier notifier;
    private final IngestStats stats;
    private final RejectionLog rejections;
    private final Clock clock;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MessageHandler.class);
    private final LatencyRecorder vehicleToProcessed = new LatencyRecorder();
    private final OwnerAppDecoder ownerApp;
    private final OwnerConsent consent;
    private final Archive archive;

    public MessageHandler(TelemetryDecoder telemetry, DtcDecoder dtc, VehicleRegistry vehicles, RuleEngine rules,
                          CaseIntake intake, CaseWorkflow cases, OwnerNotifier notifier, IngestStats stats,
                          RejectionLog rejections, Clock clock, OwnerAppDecoder ownerApp, OwnerConsent consent, Archive archive) {
        this.archive = archive;
        this.ownerApp = ownerApp;
        this.consent = consent;
        this.telemetry = telemetry;
        this.dtc = dtc;
        this.vehicles = vehicles;
        this.rules = rules;
        this.intake = intake;
        this.cases = cases;
        this.notifier = notifier;
        this.stats = stats;
        this.rejections = rejections;
        this.clock = clock;
    }

    public void handle(InboundMessage msg) {
        long now = clock.millis();
        switch (msg.kind()) {
            case TELEMETRY -> {
                Decoded<List<Sample>> d = telemetry.decode(msg.payload(), now);
                if (!d.accepted()) {
                    reject(msg.vin(), d.reason(), d.detail());
                    return;
                }
                VehicleState state = vehicles.stateOf(msg.vin());
                int applied = 0;
                for (Sample raw : d.value()) {
                    // a car clock running slightly fast (within the skew limit) counts as the engine's now,
                    // so one fast sample cannot make the car's next samples look late
                    Sample s = raw.timestampMillis() > now ? raw.withTimestamp(now) : raw;
                    if (state.apply(s)) {
                        applied++;
                        archive.telemetry(msg.vin(), raw); // at the car's own time
                        fire(state, rules.onSample(state, s));
                    } else {
                        stats.outOfOrderSample();
                    }
                }
                stats.samplesAccepted(applied);
                vehicleToProcessed.recordMillis(clock.millis() - d.value().get(d.value().size() - 1).timestampMillis());
            }
            case DTC -> {
                Decoded<DtcReport> d = dtc.decode(msg.payload(), now);
                if (!d.accepted()) {
                    reject(msg.vin(), d.reason(), d.detail());
                    return;
                }
                VehicleState state = vehicles.stateOf(msg.vin());
                DtcReport r = d.value();
                DtcReport report = r.timestampMillis() > now ? r.withTimestamp(now) : r;
                if (!state.dtcs().accepts(report.ecu())) {
                    stats.dtcProblem(DtcProblem.TOO_MANY_ECUS);
                    reject(msg.vin(), RejectReason.INVALID_FIELD, "more than " + DtcLifecycle.MAX_ECUS
                            + " ECUs reported for one vehicle; '" + report.ecu() + "' is not tracked");
                    return;
                }
                if (state.dtcs().late(report)) {
                    stats.outOfOrderDtcReport();
                    stats.processed();
                    return;
                }
                fire(state, rules.onDtcReport(state, report));
                stats.dtcReport();
            }
            case WARNING_ACK -> {
                Decoded<OwnerAppDecoder.Ack> d = ownerApp.ack(msg.payload());
                if (!d.accepted()) {
                    reject(msg.vin(), d.reason(), d.detail());
                    return;
                }
                try {
                    cases.ownerAcknowledged(d.value().caseNumber(), msg.vin().value(), d.value().warningId());
                } catch (dev.telematics.error.EngineException e) {
                    boolean badInput = e.code().httpStatus() < 500; // unknown case, another car's case
                    reject(msg.vin(), badInput ? RejectReason.INVALID_FIELD : RejectReason.PROCESSING_ERROR, e.getMessage());
                    return;
                }
            }
            case OWNER_SETTINGS -> {
                Decoded<String> d = ownerApp.language(msg.payload());
                if (!d.accepted()) {
                    reject(msg.vin(), d.reason(), d.detail());
                    return;
                }
                try {
                    notifier.settings().setLanguage(msg.vin().value(), d.value());
                } catch (dev.telematics.error.EngineException e) {
                    reject(msg.vin(), RejectReason.PROCESSING_ERROR, e.getMessage());
                    return;
                }
            }
            case OWNER_CONSENT -> {
                if (!ownerConsent(msg)) {
                    return;
                }
            }
            case COMMAND_RESPONSE -> { // the broker hands command responses (with their correlation data) to the commands
                reject(msg.vin(), RejectReason.INVALID_FIELD, "a command response arrived without its request");
                return;
            }
        }
        stats.processed();
    }

    /**
     * Records the owner's consent decision and notes it on the car's active cases (a repeated decision
     * changes nothing); false when rejected.
     */
    private boolean ownerConsent(InboundMessage msg) {
        Decoded<Boolean> d = ownerApp.consent(msg.payload());
        if (!d.accepted()) {
            reject(msg.vin(), d.reason(), d.detail());
            return false;
        }
        try {
            consent.decide(msg.vin().value(), d.value(), "owner app");
        } catch (dev.telematics.error.EngineException e) {
            reject(msg.vin(), RejectReason.PROCESSING_ERROR, e.getMessage());
            return false;
        }
        return true;
    }

    /** From a car's timestamp of a telemetry message to the end of its processing (one clock on a test bench). */
    public Map<String, Object> vehicleToProcessed() {
        return vehicleToProcessed.snapshot();
    }

    public void resetLatency() {
        vehicleToProcessed.reset();
    }

    /** Counts and logs (rate-limited) a rejected message; {@code vin} is null when the topic had none. */
    void reject(Vin vin, RejectReason reason, String detail) {
        stats.rejected(reason);
        rejections.log(reason, vin == null ? "?" : vin.value(), detail);
    }

    private List<DtcView> dtcViews(VehicleState state) {
        KnowledgeBase kb = rules.knowledge();
        Optional<String> maker = kb.manufacturerOf(state.vin());
        List<DtcView> out = new ArrayList<>();
        for (DtcChange c : state.dtcs().active()) {
            out.add(DtcView.of(c, kb.lookup(c.dtc(), state.vin()), maker));
        }
        return out;
    }

    /** The knowledge-base entries of the DTC that made this rule fire (none for signal rules). */
    private List<KnowledgeEntry> diagnosis(VehicleState state, RuleFiring f) {
        Object key = f.trigger().get("key");
        if (key == null) {
            return List.of();
        }
        KnowledgeBase kb = rules.knowledge();
        return state.dtcs().active().stream().filter(c -> c.dtc().key().equals(key))
                .map(c -> kb.lookup(c.dtc(), state.vin())).flatMap(Optional::stream).toList();
    }

    private void fire(VehicleState state, List<RuleFiring> firings) {
        for (RuleFiring f : firings) {
            Evidence evidence = new Evidence(Instant.ofEpochMilli(f.vehicleTimestampMillis()), f.trigger(),
                    state.snapshot(), state.arraySnapshot(), state.recentHistory(), dtcViews(state),
                    diagnosis(state, f));
            CaseOutcome outcome = null;
            if (f.rule().opensCase()) {
                try {
                    outcome = intake.recordFiring(f, evidence);
                } catch (RuntimeException e) { // the case database failed: the owner must still be warned
                    stats.caseRecordFailure();
                    LOG.error("the case of {} for rule {} could not be recorded; the owner is warned without a case "
                            + "number: {}", f.vin(), f.rule().id(), e.toString());
                }
            }
            notifier.onFiring(f, outcome);
            archive.alert(f);
        }
    }
}

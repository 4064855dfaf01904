package dev.telematics.processing;

import dev.telematics.archive.Archive;
import dev.telematics.cases.CaseWorkflow;
import dev.telematics.cases.OwnerAck;
import dev.telematics.consent.OwnerConsent;
import dev.telematics.dtc.DtcLifecycle;
import dev.telematics.dtc.DtcProblem;
import dev.telematics.dtc.DtcReport;
import dev.telematics.error.EngineException;
import dev.telematics.handoff.Outcome;
import dev.telematics.handoff.RejectReason;
import dev.telematics.handoff.VehicleMessage;
import dev.telematics.ingest.IngestStats;
import dev.telematics.notify.OwnerSettings;
import dev.telematics.rules.RuleEngine;
import dev.telematics.rules.RuleFiring;
import dev.telematics.timing.LatencyBuckets;
import dev.telematics.timing.LatencyRecorder;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.VehicleRegistry;
import dev.telematics.vehicle.VehicleState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Processes one validated vehicle message, in this order (the one place that shows the stages):
 * <ol>
 *   <li>vehicle state: the samples or the DTC report applied to the car's {@link VehicleState} (late ones
 *       counted and skipped), each accepted sample offered to the archive;</li>
 *   <li>rules: {@link RuleEngine#onSample} / {@link RuleEngine#onDtcReport} give the firings;</li>
 *   <li>then each firing through {@link #FIRING_STAGES}: diagnosis (evidence), case intake, the decision to
 *       warn the owner, and the outputs (the warning handed to delivery, the alert to the archive).</li>
 * </ol>
 * The owner app's messages go to their own service: an acknowledgement to the case, a language to the
 * owner's settings, a consent decision to {@link OwnerConsent}.
 *
 * <p>Threading: called by the processing thread that owns the message's vehicle, never concurrently for
 * one vehicle. It never throws for bad input: the answer is an {@link Outcome}.
 */
public final class VehicleProcessor {
    /** The stages of a rule firing, in order. */
    public static final List<String> FIRING_STAGES = List.of("diagnosis", "case", "warning", "output");

    private final VehicleRegistry vehicles;
    private final RuleEngine rules;
    private final List<FiringStage> firingStages;
    private final CaseWorkflow cases;
    private final OwnerSettings settings;
    private final OwnerConsent consent;
    private final Archive archive;
    private final IngestStats stats;
    private final Clock clock;
    private final LatencyRecorder vehicleToProcessed = new LatencyRecorder();

    public VehicleProcessor(VehicleRegistry vehicles, RuleEngine rules, DiagnosisStage diagnosis, CaseStage caseIntake,
                            WarningStage warning, OutputStage output, CaseWorkflow cases, OwnerSettings settings,
                            OwnerConsent consent, Archive archive, IngestStats stats, Clock clock) {
        this.vehicles = vehicles;
        this.rules = rules;
        this.firingStages = List.of(diagnosis, caseIntake, warning, output); // in the order of FIRING_STAGES
        this.cases = cases;
        this.settings = settings;
        this.consent = consent;
        this.archive = archive;
        this.stats = stats;
        this.clock = clock;
    }

    public Outcome process(VehicleMessage message) {
        if (message instanceof VehicleMessage.Telemetry t) {
            return telemetry(t);
        }
        if (message instanceof VehicleMessage.Dtcs d) {
            return dtcs(d);
        }
        if (message instanceof VehicleMessage.WarningAck a) {
            return ownerAck(a);
        }
        if (message instanceof VehicleMessage.OwnerLanguage l) {
            return service(() -> settings.setLanguage(l.vin().value(), l.language()));
        }
        VehicleMessage.OwnerConsent c = (VehicleMessage.OwnerConsent) message; // the last kind of a sealed type
        return service(() -> consent.decide(c.vin().value(), c.remoteDiagnostics(), "owner app"));
    }

    private Outcome telemetry(VehicleMessage.Telemetry t) {
        long now = clock.millis();
        VehicleState state = vehicles.stateOf(t.vin());
        int applied = 0;
        for (Sample raw : t.samples()) {
            // a car clock running slightly fast (within the skew limit) counts as the engine's now, so one
            // fast sample cannot make the car's next samples look late
            Sample s = raw.timestampMillis() > now ? raw.withTimestamp(now) : raw;
            if (state.apply(s)) {
                applied++;
                archive.telemetry(t.vin(), raw); // at the car's own time
                fire(state, withSequence(rules.onSample(state, s), s.sequence()));
            } else {
                stats.outOfOrderSample();
            }
        }
        stats.samplesAccepted(applied);
        vehicleToProcessed.recordMillis(clock.millis() - t.samples().get(t.samples().size() - 1).timestampMillis());
        return Outcome.PROCESSED;
    }

    private Outcome dtcs(VehicleMessage.Dtcs d) {
        long now = clock.millis();
        VehicleState state = vehicles.stateOf(d.vin());
        DtcReport r = d.report();
        DtcReport report = r.timestampMillis() > now ? r.withTimestamp(now) : r;
        if (!state.dtcs().accepts(report.ecu())) {
            stats.dtcProblem(DtcProblem.TOO_MANY_ECUS);
            return Outcome.rejected(RejectReason.INVALID_FIELD, "more than " + DtcLifecycle.MAX_ECUS
                    + " ECUs reported for one vehicle; '" + report.ecu() + "' is not tracked");
        }
        if (state.dtcs().late(report)) {
            stats.outOfOrderDtcReport();
            return Outcome.PROCESSED;
        }
        fire(state, rules.onDtcReport(state, report));
        stats.dtcReport();
        return Outcome.PROCESSED;
    }

    /**
     * The firings of a sample with the car's message sequence number ({@code seq}) among their trigger
     * values as {@code "seq"}, so that the case's evidence names the message that made the rule fire.
     */
    static List<RuleFiring> withSequence(List<RuleFiring> firings, long sequence) {
        if (firings.isEmpty() || sequence == Sample.NO_SEQUENCE) {
            return firings;
        }
        List<RuleFiring> out = new ArrayList<>(firings.size());
        for (RuleFiring f : firings) {
            Map<String, Object> trigger = new LinkedHashMap<>(f.trigger());
            trigger.put("seq", sequence);
            out.add(new RuleFiring(f.rule(), f.vin(), f.vehicleTimestampMillis(), trigger));
        }
        return out;
    }

    /** Runs every firing through the firing stages, in order. */
    private void fire(VehicleState state, List<RuleFiring> firings) {
        if (firings.isEmpty()) {
            return;
        }
        Firing.Batch batch = new Firing.Batch(firings); // the car's DTCs ranked once for all of them
        for (RuleFiring f : firings) {
            Firing firing = new Firing(state, f, batch);
            for (FiringStage stage : firingStages) {
                stage.process(firing);
            }
        }
    }

    /**
     * An owner's acknowledgement: accepted (also when repeated) only for a warning sent to the car for that
     * case; an unknown case, another car's case or a warning never sent is a rejection with its own reason.
     */
    private Outcome ownerAck(VehicleMessage.WarningAck a) {
        OwnerAck result;
        try {
            result = cases.ownerAcknowledged(a.caseNumber(), a.vin().value(), a.warningId());
        } catch (EngineException e) { // the case database failed (the app may send it again), or a bad value
            return Outcome.rejected(e.code().httpStatus() < 500 ? RejectReason.INVALID_FIELD
                    : RejectReason.PROCESSING_ERROR, e.getMessage());
        }
        return switch (result) {
            case ACCEPTED, REPEATED -> Outcome.PROCESSED;
            case UNKNOWN_CASE -> Outcome.rejected(RejectReason.UNKNOWN_CASE, "no case '" + a.caseNumber() + "'");
            case OTHER_VEHICLES_CASE -> Outcome.rejected(RejectReason.OTHER_VEHICLES_CASE,
                    "case " + a.caseNumber() + " is not a case of " + a.vin().value());
            case UNKNOWN_WARNING -> Outcome.rejected(RejectReason.UNKNOWN_WARNING, "no warning '" + a.warningId()
                    + "' was sent to " + a.vin().value() + " for case " + a.caseNumber());
        };
    }

    /** An owner-app message handed to its service; its refusal of bad input (an unknown case) is a rejection. */
    private static Outcome service(Runnable call) {
        try {
            call.run();
            return Outcome.PROCESSED;
        } catch (EngineException e) {
            boolean badInput = e.code().httpStatus() < 500; // unknown case, another car's case
            return Outcome.rejected(badInput ? RejectReason.INVALID_FIELD : RejectReason.PROCESSING_ERROR,
                    e.getMessage());
        }
    }

    /** From a car's timestamp of a telemetry message to the end of its processing (one clock on a test bench). */
    public Map<String, Object> vehicleToProcessed() {
        return vehicleToProcessed.snapshot();
    }

    /** The same latency as cumulative buckets since start, for Prometheus (a latency reset leaves them alone). */
    public LatencyBuckets.Snapshot vehicleToProcessedBuckets() {
        return vehicleToProcessed.cumulative();
    }

    public void resetLatency() {
        vehicleToProcessed.reset();
    }
}

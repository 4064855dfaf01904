package dev.telematics.ingest;

import dev.telematics.handoff.RejectReason;

import dev.telematics.topic.MessageKind;

import dev.telematics.dtc.DtcProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the ingest stage. Thread-safe and cheap to increment. */
public final class IngestStats {
    private final LongAdder received = new LongAdder();
    private final LongAdder processed = new LongAdder();
    private final LongAdder samples = new LongAdder();
    private final LongAdder dtcReports = new LongAdder();
    private final LongAdder unknownSignals = new LongAdder();
    private final LongAdder invalidSignalValues = new LongAdder();
    private final LongAdder[] dtcProblems = new LongAdder[DtcProblem.values().length];
    private final LongAdder outOfOrderSamples = new LongAdder();
    private final LongAdder outOfOrderDtcReports = new LongAdder();
    private final LongAdder caseRecordFailures = new LongAdder();
    private final LongAdder[] rejected = new LongAdder[RejectReason.values().length];
    private final LongAdder[] droppedSamples = new LongAdder[RejectReason.values().length];
    private final LongAdder[] receivedByKind = new LongAdder[MessageKind.values().length];

    public IngestStats() {
        for (int i = 0; i < dtcProblems.length; i++) {
            dtcProblems[i] = new LongAdder();
        }
        for (int i = 0; i < rejected.length; i++) {
            rejected[i] = new LongAdder();
            droppedSamples[i] = new LongAdder();
        }
        for (int i = 0; i < receivedByKind.length; i++) {
            receivedByKind[i] = new LongAdder();
        }
    }

    /** A snapshot for the API and reports. {@code received = processed + rejected} once the queues are empty. */
    public record Snapshot(long received, long processed, long rejected, Map<String, Long> rejectedByReason,
                           long samplesAccepted, long dtcReports, long unknownSignals, long invalidSignalValues,
                           Map<String, Long> dtcProblems, long outOfOrderSamples, long outOfOrderDtcReports,
                           Map<String, Long> droppedSamplesByReason, long caseRecordFailures) {
    }

    public void received() {
        received.increment();
    }

    /** Bare-broker benchmark mode: a message taken and not processed. */
    public void receivedOnly() {
        received.increment();
    }

    /** A firing whose case could not be recorded (the case database failed); its owner was warned anyway. */
    public void caseRecordFailure() {
        caseRecordFailures.increment();
    }

    public void processed() {
        processed.increment();
    }

    public void rejected(RejectReason reason) {
        rejected[reason.ordinal()].increment();
    }

    void droppedSample(RejectReason reason) {
        droppedSamples[reason.ordinal()].increment();
    }

    public void samplesAccepted(int n) {
        samples.add(n);
    }

    public void dtcReport() {
        dtcReports.increment();
    }

    void unknownSignal() {
        unknownSignals.increment();
    }

    void invalidSignalValue() {
        invalidSignalValues.increment();
    }

    public void dtcProblem(DtcProblem p) {
        dtcProblems[p.ordinal()].increment();
    }

    public void outOfOrderSample() {
        outOfOrderSamples.increment();
    }

    public void outOfOrderDtcReport() {
        outOfOrderDtcReports.increment();
    }

    /** A message on an uplink topic of this kind arrived (before any check of its payload). */
    void receivedKind(MessageKind kind) {
        receivedByKind[kind.ordinal()].increment();
    }

    /** Messages that arrived on uplink topics of {@code kind}. */
    public long receivedCount(MessageKind kind) {
        return receivedByKind[kind.ordinal()].sum();
    }

    /** Samples accepted (applied to a vehicle's state). */
    public long samplesCount() {
        return samples.sum();
    }

    public long processedCount() {
        return processed.sum();
    }

    public long rejectedCount() {
        long n = 0;
        for (LongAdder a : rejected) {
            n += a.sum();
        }
        return n;
    }

    public long rejectedCount(RejectReason reason) {
        return rejected[reason.ordinal()].sum();
    }

    public Snapshot snapshot() {
        return new Snapshot(received.sum(), processed.sum(), rejectedCount(), byReason(rejected), samples.sum(),
                dtcReports.sum(), unknownSignals.sum(), invalidSignalValues.sum(), problems(),
                outOfOrderSamples.sum(), outOfOrderDtcReports.sum(), byReason(droppedSamples), caseRecordFailures.sum());
    }

    private Map<String, Long> problems() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (DtcProblem p : DtcProblem.values()) {
            long n = dtcProblems[p.ordinal()].sum();
            if (n > 0) {
                m.put(p.name(), n);
            }
        }
        return m;
    }

    private static Map<String, Long> byReason(LongAdder[] counters) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (RejectReason r : RejectReason.values()) {
            long n = counters[r.ordinal()].sum();
            if (n > 0) {
                m.put(r.name(), n);
            }
        }
        return m;
    }
}

package dev.telematics.archive;

import dev.telematics.cases.CaseEvent;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.rules.RuleFiring;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.Vin;
import java.util.List;
import java.util.Map;

/**
 * The telemetry archive: every accepted sample, every rule firing (alert) and every case event, for
 * history and dashboards. Schema (docs/archive.md): measurement {@code telemetry} (tags vin, model; one
 * field per VSS signal; the car's timestamp), {@code alerts} (tags vin, model, rule, severity; fields
 * count, value) and {@code case_events} (tags vin, model, case, type, status; field count).
 *
 * <p>Threading: the offer methods are called on ingest workers and HTTP threads and never block or
 * throw; writing happens elsewhere.
 */
public interface Archive extends AutoCloseable {
    /** No archive (the default): every call does nothing. */
    Archive OFF = new Archive() {
        @Override
        public void telemetry(Vin vin, Sample s) {
        }

        @Override
        public void alert(RuleFiring f) {
        }

        @Override
        public void caseEvents(DiagnosticCase c, List<CaseEvent> added) {
        }

        @Override
        public Map<String, Object> snapshot() {
            return Map.of("enabled", false);
        }

        @Override
        public void close() {
        }
    };

    /** Starts writing (the engine calls it at its start). */
    default void start() {
    }

    void telemetry(Vin vin, Sample s);

    void alert(RuleFiring f);

    void caseEvents(DiagnosticCase c, List<CaseEvent> added);

    /** Counters for GET /api/stats and the metrics. */
    Map<String, Object> snapshot();

    /** Writes what is buffered (for a few seconds at most) and stops. */
    @Override
    void close();
}

package dev.telematics.simulator;

import java.util.List;
import dev.telematics.timing.LatencyRecorder;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a simulation run. After {@link FleetSimulator#stop}, {@code messagesOffered ==
 * messagesAcknowledged + messagesFailed}. Messages are telemetry samples and DTC reports together.
 *
 * <p>Immutable; serialisable with Jackson.
 *
 * @param scenario             scenario name
 * @param transport            MQTT client library: {@code "paho"} or {@code "hivemq"}
 * @param carsConfigured       cars in the scenario
 * @param carsConnected        cars that connected and subscribed to their warnings
 * @param connectFailures      cars that could not connect
 * @param messagesOffered      publishes the cars attempted (including those refused for backpressure)
 * @param messagesAcknowledged publishes completed (PUBACK for QoS 1, written for QoS 0)
 * @param messagesFailed       publishes that failed, were refused for backpressure or were still in
 *                             flight when the drain timeout expired
 * @param messagesBackpressured telemetry samples skipped because the car's in-flight window was full
 *                             (included in {@code messagesFailed})
 * @param dtcMessagesSent      DTC reports acknowledged
 * @param warningsReceived     owner warnings received by all cars
 * @param warnings             those warnings, in arrival order
 * @param durationMillis       time from the start of publishing to the stop request (simulator clock)
 */
public record SimulationReport(String scenario, String transport, int carsConfigured, long carsConnected,
                               long connectFailures, long messagesOffered, long messagesAcknowledged,
                               long messagesFailed, long messagesBackpressured, long dtcMessagesSent,
                               long warningsReceived, List<ReceivedWarning> warnings, long durationMillis) {

    public SimulationReport {
        warnings = List.copyOf(warnings);
    }

    /**
     * Car publish to owner warning, over the warnings that name their source message: count, p50, p95,
     * p99 and max in ms (HdrHistogram). The car's clock and the engine's are one machine's clock here.
     * Predictive warnings are left out ({@link ReceivedWarning#latencyMillis()}).
     */
    public Map<String, Object> warningLatencyMs() {
        LatencyRecorder r = new LatencyRecorder();
        warnings.stream().map(ReceivedWarning::latencyMillis).filter(Objects::nonNull).forEach(r::recordMillis);
        return r.snapshot();
    }

    /** The predictive warnings the cars received: those that carry a forecast. */
    public List<ReceivedWarning> forecastWarnings() {
        return warnings.stream().filter(w -> w.forecast() != null).toList();
    }

    /** The warnings one car received. */
    public List<ReceivedWarning> warningsFor(String vin) {
        return warnings.stream().filter(w -> vin.equals(w.vin())).toList();
    }
}

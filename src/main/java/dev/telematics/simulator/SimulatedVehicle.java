package dev.telematics.simulator;

import dev.telematics.topic.Topics;

import dev.telematics.vehicle.Vin;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Map;

/**
 * One simulated car: its own MQTT v5 connection (client id = VIN; Paho or the HiveMQ client), its signals, its pending DTC
 * faults and its in-flight window.
 *
 * <p>Threading: {@link #connect()} and {@link #close()} run on the simulator's connect pool;
 * {@link #tick()} runs on the shared publish scheduler, never concurrently with itself (fixed-rate
 * scheduling does not overlap runs of one task); Paho threads settle publishes and deliver warnings
 * through {@link VehicleCallback}. The window is set once by {@code connect()} before any tick.
 */
final class SimulatedVehicle {
    private static final long HISTORY_WAIT_NANOS = 30_000_000_000L;
    private final Vin vin;
    private final VehicleSignals signals;
    private final List<DtcFault> pendingDtcs;
    private final List<HistoryFault> history;
    private final SimulatorOptions options;
    private final Clock clock;
    private final SimulatorCounters counters;
    private final SimulatorListener listener;
    private final long intervalMillis;
    private final String telemetryTopic;
    private final String dtcTopic;
    private final AtomicLong seq = new AtomicLong();
    private volatile long seqBase; // live samples are numbered after the uploaded log
    private volatile CarConnection connection;
    private volatile PublishWindow window;
    private volatile Map<String, Double> lastSignals = Map.of();
    private final CarCommands commands;

    SimulatedVehicle(Vin vin, VehicleSignals signals, List<DtcFault> dtcFaults, List<HistoryFault> history,
                     long intervalMillis, SimulatorOptions options, Clock clock, SimulatorCounters counters,
                     SimulatorListener listener) {
        this.vin = vin;
        this.signals = signals;
        this.pendingDtcs = new ArrayList<>(dtcFaults);
        this.history = List.copyOf(history);
        this.intervalMillis = intervalMillis;
        this.options = options;
        this.clock = clock;
        this.counters = counters;
        this.listener = listener;
        this.telemetryTopic = Topics.telemetry(vin.value());
        this.dtcTopic = Topics.dtc(vin.value());
        this.commands = new CarCommands(() -> lastSignals, clock::millis);
    }

    Vin vin() {
        return vin;
    }

    /**
     * Connects, subscribes to the car's warnings and commands (QoS 1; it answers commands, see
     * {@link CarCommands}), sizes the window and uploads the car's buffered logs ({@link HistoryFault}),
     * all acknowledged before the first live sample (the engine keeps a car's samples in timestamp order
     * and would drop a logged sample that arrived after a newer live one); blocks until done.
     */
    void connect() throws Exception {
        CarConnection c = CarConnection.of(options);
        connection = c;
        VehicleCallback warnings = new VehicleCallback(vin, clock, counters, listener);
        int brokerLimit = c.connect(vin, warnings::warning, commands);
        window = new PublishWindow(Math.min(options.window(), brokerLimit), counters);
        uploadHistory();
    }

    private void uploadHistory() throws InterruptedException {
        long now = clock.millis();
        long n = 0;
        for (HistoryFault h : history) {
            for (int i = 0; i < h.points(); i++) {
                PublishWindow.Ticket t;
                while ((t = window.tryOpen(false)) == null) { // a full window: wait for the broker's answers
                    window.awaitDrained(HISTORY_WAIT_NANOS);
                }
                publish(telemetryTopic, Payloads.telemetry(h.timestampAt(i, now), n++, Map.of(h.signal(), h.valueAt(i))), t);
            }
        }
        if (n > 0 && !window.awaitDrained(HISTORY_WAIT_NANOS)) {
            VehicleCallback.LOG.warn("{}: buffered log not acknowledged within {} s", vin, HISTORY_WAIT_NANOS / 1_000_000_000L);
        }
        seqBase = n;
    }

    /** The effective in-flight window (after capping at the broker's receive maximum); 0 before connect. */
    int windowSize() {
        PublishWindow w = window;
        return w == null ? 0 : w.size();
    }

    /**
     * Publishes the next telemetry sample and any DTC report now due. Never blocks and never throws: a
     * sample that finds the window full is counted as failed (backpressure); a due DTC report waits for
     * the next tick instead.
     */
    void tick() {
        long n = seq.getAndIncrement();
        long elapsed = n * intervalMillis;
        try {
            PublishWindow.Ticket t = window.tryOpen(false);
            if (t == null) {
                counters.backpressure();
            } else {
                Map<String, Double> sample = signals.sampleAt(elapsed);
                lastSignals = sample;
                publish(telemetryTopic, Payloads.telemetry(clock.millis(), seqBase + n, sample), t);
            }
            publishDueDtcs(elapsed);
        } catch (RuntimeException e) {
            VehicleCallback.LOG.warn("{}: tick {} failed", vin, n, e);
        }
    }

    private void publishDueDtcs(long elapsed) {
        for (int i = 0; i < pendingDtcs.size(); ) {
            DtcFault f = pendingDtcs.get(i);
            if (f.at().toMillis() > elapsed) {
                i++;
                continue;
            }
            PublishWindow.Ticket t = window.tryOpen(true);
            if (t == null) {
                return;
            }
            pendingDtcs.remove(i);
            commands.reported(f.ecu(), f.codes());
            publish(dtcTopic, Payloads.dtc(clock.millis(), f), t);
        }
    }

    private void publish(String topic, byte[] payload, PublishWindow.Ticket ticket) {
        connection.publish(topic, payload, options.qos(), ticket);
    }

    /** Waits until nothing is in flight; false on timeout. */
    boolean awaitDrained(long timeoutNanos) throws InterruptedException {
        PublishWindow w = window;
        return w == null || w.awaitDrained(timeoutNanos);
    }

    /** Fails whatever is still in flight; returns how many. */
    int abandonInFlight() {
        PublishWindow w = window;
        return w == null ? 0 : w.abandon();
    }

    /** Disconnects (when connected) and releases the connection. Never throws. */
    void close() {
        CarConnection c = connection;
        if (c != null) {
            c.close();
        }
    }
}

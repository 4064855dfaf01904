package dev.telematics.simulator;

import dev.telematics.vehicle.Vin;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * One simulated car: its own Paho MQTT v5 connection (client id = VIN), its signals, its pending DTC
 * faults and its in-flight window.
 *
 * <p>Threading: {@link #connect()} and {@link #close()} run on the simulator's connect pool;
 * {@link #tick()} runs on the shared publish scheduler, never concurrently with itself (fixed-rate
 * scheduling does not overlap runs of one task); Paho threads settle publishes and deliver warnings
 * through {@link VehicleCallback}. The window is set once by {@code connect()} before any tick.
 */
final class SimulatedVehicle {
    private final Vin vin;
    private final VehicleSignals signals;
    private final List<DtcFault> pendingDtcs;
    private final SimulatorOptions options;
    private final Clock clock;
    private final SimulatorCounters counters;
    private final SimulatorListener listener;
    private final long intervalMillis;
    private final String telemetryTopic;
    private final String dtcTopic;
    private final AtomicLong seq = new AtomicLong();
    private volatile MqttAsyncClient client;
    private volatile PublishWindow window;

    SimulatedVehicle(Vin vin, VehicleSignals signals, List<DtcFault> dtcFaults, long intervalMillis,
                     SimulatorOptions options, Clock clock, SimulatorCounters counters, SimulatorListener listener) {
        this.vin = vin;
        this.signals = signals;
        this.pendingDtcs = new ArrayList<>(dtcFaults);
        this.intervalMillis = intervalMillis;
        this.options = options;
        this.clock = clock;
        this.counters = counters;
        this.listener = listener;
        this.telemetryTopic = "vehicles/" + vin + "/telemetry";
        this.dtcTopic = "vehicles/" + vin + "/dtc";
    }

    Vin vin() {
        return vin;
    }

    /** Connects, subscribes to the car's warnings (QoS 1) and sizes the window; blocks until done. */
    void connect() throws MqttException {
        PahoConnector connector = new PahoConnector(options);
        MqttAsyncClient c = connector.newClient(vin);
        client = c;
        int brokerLimit = connector.connect(c, vin, new VehicleCallback(vin, clock, counters, listener),
                "vehicles/" + vin + "/warnings");
        window = new PublishWindow(Math.min(options.window(), brokerLimit), counters);
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
                publish(telemetryTopic, Payloads.telemetry(clock.millis(), n, signals.sampleAt(elapsed)), t);
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
            publish(dtcTopic, Payloads.dtc(clock.millis(), f), t);
        }
    }

    private void publish(String topic, byte[] payload, PublishWindow.Ticket ticket) {
        try {
            client.publish(topic, payload, options.qos(), false, null, new PublishListener(ticket));
        } catch (MqttException | RuntimeException e) {
            ticket.fail();
        }
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

    /** Disconnects (when connected) and closes the Paho client, releasing its threads. Never throws. */
    void close() {
        MqttAsyncClient c = client;
        if (c == null) {
            return;
        }
        long timeout = options.connectTimeout().toMillis();
        try {
            if (c.isConnected()) {
                c.disconnect(100).waitForCompletion(timeout);
            }
        } catch (MqttException | RuntimeException e) {
            try {
                c.disconnectForcibly(0, 1000, false);
            } catch (MqttException | RuntimeException ignored) {
                // closing below is all that is left to do
            }
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            VehicleCallback.LOG.debug("{}: close failed", vin, e);
        }
    }
}

package dev.telematics.simulator;

import dev.telematics.vehicle.Vin;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link Scenario} against an MQTT broker: one Paho MQTT v5 connection per car (client id = VIN),
 * one telemetry sample per car and publish interval on {@code vehicles/{VIN}/telemetry}, DTC faults on
 * {@code vehicles/{VIN}/dtc}, owner warnings received on {@code vehicles/{VIN}/warnings}.
 *
 * <p>Publishing is open loop: a small shared scheduler ticks every car at a fixed rate, cars staggered
 * across the interval; each car has an in-flight window, and a sample that finds it full is counted as
 * failed instead of blocking the scheduler.
 *
 * <p>Threading: {@link #start}, {@link #stop}, {@link #run} and {@link #close} are synchronized and meant
 * for one controlling thread; {@link #requestStop} and {@link #report} may be called from any thread.
 * A simulator runs once.
 */
public final class FleetSimulator implements AutoCloseable {
    /** Drain timeout used by {@link #run(Duration)} and {@link #close()}. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private enum State { NEW, RUNNING, STOPPED }

    private final Scenario scenario;
    private final SimulatorOptions options;
    private final Clock clock;
    private final SimulatorListener listener;
    private final SimulatorCounters counters = new SimulatorCounters();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final List<SimulatedVehicle> connected = new ArrayList<>();
    private List<SimulatedVehicle> vehicles = List.of();
    private ScheduledThreadPoolExecutor scheduler;
    private State state = State.NEW;
    private volatile long publishStartMillis = -1;
    private volatile long publishEndMillis = -1;
    private SimulationReport finalReport;

    public FleetSimulator(Scenario scenario, SimulatorOptions options, Clock clock, SimulatorListener listener) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = listener == null ? SimulatorListener.NONE : listener;
    }

    /**
     * Connects every car ({@code connectParallelism} at a time; returns when every attempt has finished)
     * and starts publishing. A car that fails to connect is counted and left out.
     *
     * @throws IllegalStateException when already started
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("simulator already started");
        }
        state = State.RUNNING;
        vehicles = createVehicles();
        Parallel.forEach(vehicles, options.connectParallelism(), "sim-connect", v -> {
            try {
                v.connect();
                synchronized (connected) {
                    connected.add(v);
                }
                counters.connected.increment();
                listener.onConnected(v.vin());
            } catch (Exception e) {
                counters.connectFailures.increment();
                VehicleCallback.LOG.warn("{}: connect to {} failed: {}", v.vin(), options.brokerUri(), e.toString());
                v.close();
                listener.onConnectFailed(v.vin(), e);
            }
        });
        connected.sort((a, b) -> a.vin().value().compareTo(b.vin().value()));
        scheduler = new ScheduledThreadPoolExecutor(options.publisherThreads(), new NamedThreadFactory("sim-publish"));
        scheduler.setRemoveOnCancelPolicy(true);
        long intervalNanos = scenario.publishInterval().toNanos();
        publishStartMillis = clock.millis();
        for (int k = 0; k < connected.size(); k++) {
            long stagger = intervalNanos * k / connected.size();
            scheduler.scheduleAtFixedRate(connected.get(k)::tick, stagger, intervalNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Stops publishing, waits up to {@code drainTimeout} for in-flight publishes (those still open then
     * count as failed), disconnects and closes every client. Calling it again returns the same report.
     */
    public synchronized SimulationReport stop(Duration drainTimeout) {
        if (state == State.STOPPED) {
            return finalReport;
        }
        stopRequested.countDown();
        if (state == State.RUNNING) {
            publishEndMillis = clock.millis();
            long deadline = System.nanoTime() + drainTimeout.toNanos();
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(drainTimeout.toNanos(), TimeUnit.NANOSECONDS);
                for (SimulatedVehicle v : connected) {
                    v.awaitDrained(deadline - System.nanoTime());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int abandoned = connected.stream().mapToInt(SimulatedVehicle::abandonInFlight).sum();
            if (abandoned > 0) {
                VehicleCallback.LOG.warn("{} publishes still in flight after {}; counted as failed",
                        abandoned, drainTimeout);
            }
            Parallel.forEach(connected, options.connectParallelism(), "sim-close", SimulatedVehicle::close);
        } else if (!connected.isEmpty()) {
            // start() failed half-way: close the cars that did connect
            Parallel.forEach(connected, options.connectParallelism(), "sim-close", SimulatedVehicle::close);
        }
        state = State.STOPPED;
        finalReport = report();
        return finalReport;
    }

    /** Starts, runs for {@code duration} (or until {@link #requestStop()}), then stops. */
    public SimulationReport run(Duration duration) {
        start();
        try {
            stopRequested.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stop(DEFAULT_DRAIN_TIMEOUT);
    }

    /** Runs for the scenario's own duration. */
    public SimulationReport run() {
        return run(scenario.duration());
    }

    /** Makes a running {@link #run} return early (e.g. on Ctrl-C). Any thread. */
    public void requestStop() {
        stopRequested.countDown();
    }

    /** A snapshot of the counters; final once stopped. Any thread. */
    public SimulationReport report() {
        long start = publishStartMillis;
        long end = publishEndMillis >= 0 ? publishEndMillis : clock.millis();
        List<ReceivedWarning> warnings = counters.warnings();
        return new SimulationReport(scenario.name(), options.transport().label(), scenario.fleetSize(),
                counters.connected.sum(), counters.connectFailures.sum(), counters.offered.sum(),
                counters.acknowledged.sum(), counters.failed.sum(), counters.backpressured.sum(),
                counters.dtcSent.sum(), warnings.size(), warnings, start < 0 ? 0 : Math.max(0, end - start));
    }

    /** VINs of the cars that connected, in VIN order (empty before {@link #start()}). */
    public synchronized List<Vin> connectedVins() {
        return connected.stream().map(SimulatedVehicle::vin).toList();
    }

    /** Stops with {@link #DEFAULT_DRAIN_TIMEOUT} when still running. */
    @Override
    public void close() {
        stop(DEFAULT_DRAIN_TIMEOUT);
    }

    private List<SimulatedVehicle> createVehicles() {
        SignalModel model = new SignalModel(scenario.seed());
        long interval = scenario.publishInterval().toMillis();
        List<SimulatedVehicle> out = new ArrayList<>(scenario.fleetSize());
        for (int i = 1; i <= scenario.fleetSize(); i++) {
            VehicleSignals signals = new VehicleSignals(model, i, scenario.signalFaultsFor(i));
            out.add(new SimulatedVehicle(scenario.vinOf(i), signals, scenario.dtcFaultsFor(i), scenario.historyFor(i),
                    interval, options, clock, counters, listener));
        }
        return out;
    }
}

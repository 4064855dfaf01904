package dev.telematics.state;

import dev.telematics.predict.FleetStatistics;
import dev.telematics.rules.RuleSet;
import dev.telematics.rules.RuleStates;
import dev.telematics.vehicle.VehicleRegistry;
import dev.telematics.vehicle.VehicleSnapshot;
import dev.telematics.vehicle.VehicleSnapshotCodec;
import dev.telematics.vehicle.VehicleState;
import dev.telematics.vehicle.Vin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vehicle state that survives a restart: restored from the store at start (before any worker runs and
 * before the broker accepts connections), saved every {@code interval} (only vehicles changed since
 * their last snapshot) and once more at shutdown (after processing has drained, before the database
 * closes). The fleet statistics are saved with each snapshot as one engine-wide part.
 *
 * <p>Threading: a vehicle's state belongs to its processing worker, so each vehicle's snapshot is taken
 * on that worker ({@link Workers#onEachWorker}, between two messages) as a copy of plain values; the
 * copies are encoded and written on the {@code vehicle-snapshots} thread (or the thread that closes the
 * engine), never on a worker. Snapshots are taken in rounds of at most {@value #ROUND} vehicles per worker,
 * so that a full snapshot of a large fleet does not hold all copies at once nor stop a worker for long.
 * One snapshot runs at a time. {@link #restore} runs before the workers start.
 */
public final class VehicleSnapshots implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VehicleSnapshots.class);
    /** The engine-wide part holding the fleet statistics. */
    public static final String FLEET_PART = "fleet-statistics";
    static final int ROUND = 250;
    private static final Duration WORKER_WAIT = Duration.ofSeconds(30);

    /** The processing tier's hand-off: runs a task once on each worker, told which vehicles that worker owns. */
    @FunctionalInterface
    public interface Workers {
        /**
         * Runs {@code task} on every worker thread between two messages; completes when each has run it
         * (at once, running nothing, when the workers are not running).
         */
        CompletableFuture<Void> onEachWorker(Consumer<Predicate<Vin>> task);
    }

    /** What the snapshots of one engine need; {@code interval} zero: only at shutdown. */
    public record Settings(Duration interval, int historyCapacity, Duration historyWindow) {
        public Settings {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("the snapshot interval must be zero (off) or positive");
            }
            if (historyCapacity < 1 || historyWindow == null) {
                throw new IllegalArgumentException("history capacity must be >= 1 and a window given");
            }
        }
    }

    /** One snapshot's figures. */
    public record Result(int vehicles, long bytes, Duration took) {
    }

    private final VehicleStateStore store;
    private final VehicleRegistry vehicles;
    private final Supplier<RuleSet> rules;
    private final FleetStatistics fleet;
    private final Workers workers;
    private final Settings settings;
    private final Clock clock;
    private final VehicleSnapshotCodec codec = new VehicleSnapshotCodec();
    private final FleetStatisticsCodec fleetCodec = new FleetStatisticsCodec();
    private final ScheduledExecutorService timer;
    private volatile boolean takeAll;
    private volatile boolean closed;
    private final AtomicLong snapshots = new AtomicLong();
    private final AtomicLong vehiclesSaved = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Result last;
    private volatile Instant lastAt;
    private volatile String lastError;
    private final AtomicInteger restored = new AtomicInteger();
    private final AtomicInteger unreadable = new AtomicInteger();
    private final AtomicInteger rulesDropped = new AtomicInteger();
    private volatile int fleetValuesRestored;
    private volatile long restoreMillis;

    public VehicleSnapshots(VehicleStateStore store, VehicleRegistry vehicles, Supplier<RuleSet> rules,
                            FleetStatistics fleet, Workers workers, Settings settings, Clock clock) {
        this.store = store;
        this.vehicles = vehicles;
        this.rules = rules;
        this.fleet = fleet;
        this.workers = workers;
        this.settings = settings;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vehicle-snapshots");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads every saved vehicle into the registry, its rule states by rule id into the current rule set (a
     * state whose rule is gone or changed is dropped and counted), and the fleet statistics. A row that
     * cannot be read is skipped and counted: the vehicle starts afresh, the engine starts anyway. Call
     * before the workers start.
     */
    public void restore() {
        long started = System.nanoTime();
        RuleSet rs = rules.get();
        store.loadVehicles(row -> {
            try {
                VehicleSnapshot s = codec.decode(row.bytes());
                if (!s.vin().equals(row.key())) {
                    throw new IllegalArgumentException("snapshot of " + s.vin() + " in the row of " + row.key());
                }
                VehicleState v = VehicleState.restore(s, settings.historyCapacity(), settings.historyWindow());
                rulesDropped.addAndGet(RuleStates.restore(rs, v, s.rules()));
                vehicles.restore(v);
                restored.incrementAndGet();
            } catch (RuntimeException e) {
                unreadable.incrementAndGet();
                LOG.warn("vehicle state of {} not restored, the vehicle starts afresh: {}", row.key(), e.getMessage());
            }
        });
        store.loadPart(FLEET_PART).ifPresent(p -> {
            try {
                List<FleetStatistics.Saved> values = fleetCodec.decode(p.bytes());
                fleet.restore(values);
                fleetValuesRestored = values.size();
            } catch (RuntimeException e) {
                unreadable.incrementAndGet();
                LOG.warn("fleet statistics not restored, they start afresh: {}", e.getMessage());
            }
        });
        restoreMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        LOG.info("vehicle state: {} vehicles restored in {} ms ({} rule states dropped because their rules changed, "
                + "{} unreadable)", restored.get(), restoreMillis, rulesDropped.get(), unreadable.get());
    }

    /** Starts the periodic snapshots (none when the interval is zero). */
    public void start() {
        long every = settings.interval().toMillis();
        if (every > 0) {
            timer.scheduleWithFixedDelay(this::periodic, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void periodic() {
        try {
            snapshot();
        } catch (RuntimeException e) { // logged and counted in snapshot(); the timer goes on
            LOG.debug("periodic snapshot failed", e);
        }
    }

    /** Saves every vehicle changed since its last snapshot, and the fleet statistics. */
    public Result snapshot() {
        return snapshot(false);
    }

    /**
     * Saves vehicles ({@code all}: every one, else only the changed ones) and the fleet statistics; one at
     * a time. A failed write is counted, and the next snapshot saves every vehicle again.
     */
    public synchronized Result snapshot(boolean all) {
        long started = System.nanoTime();
        boolean every = all || takeAll;
        takeAll = false;
        Set<String> taken = ConcurrentHashMap.newKeySet();
        int count = 0;
        long bytes = 0;
        try {
            while (true) {
                List<VehicleSnapshot> round = round(every, taken);
                if (round.isEmpty()) {
                    break;
                }
                Instant now = clock.instant();
                List<VehicleStateStore.Stored> rows = new ArrayList<>(round.size());
                for (VehicleSnapshot s : round) {
                    byte[] b = codec.encode(s);
                    bytes += b.length;
                    rows.add(new VehicleStateStore.Stored(s.vin(), VehicleSnapshot.FORMAT, b, now)); // what encode wrote
                }
                store.saveVehicles(rows);
                count += rows.size();
            }
            List<FleetStatistics.Saved> fleetValues = fleet.export();
            if (!fleetValues.isEmpty()) {
                byte[] b = fleetCodec.encode(fleetValues);
                bytes += b.length;
                store.savePart(new VehicleStateStore.Stored(FLEET_PART, FleetStatisticsCodec.FORMAT, b, clock.instant()));
            }
        } catch (RuntimeException e) {
            takeAll = true; // what was taken but not written is saved with the next snapshot
            failures.incrementAndGet();
            lastError = e.getMessage();
            LOG.warn("vehicle state snapshot failed after {} vehicles; the next one saves every vehicle: {}", count,
                    e.getMessage());
            throw e;
        } finally {
            vehiclesSaved.addAndGet(count);
            bytesWritten.addAndGet(bytes);
        }
        Result r = new Result(count, bytes, Duration.ofNanos(System.nanoTime() - started));
        snapshots.incrementAndGet();
        last = r;
        lastAt = clock.instant();
        return r;
    }

    /** One round: up to {@value #ROUND} vehicles from each worker, copied on that worker. */
    private List<VehicleSnapshot> round(boolean every, Set<String> taken) {
        ConcurrentLinkedQueue<VehicleSnapshot> out = new ConcurrentLinkedQueue<>();
        CompletableFuture<Void> done = workers.onEachWorker(owns -> {
            int[] n = {0};
            vehicles.forEach(v -> {
                if (n[0] < ROUND && owns.test(v.vin()) && (every || v.changedSinceSaved())
                        && taken.add(v.vin().value())) {
                    out.add(v.export(RuleStates.export(v)));
                    v.markSaved();
                    n[0]++;
                }
            });
        });
        try {
            done.get(WORKER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("processing workers did not take the snapshot within " + WORKER_WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking a snapshot", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("taking a snapshot failed: " + e.getCause(), e.getCause());
        }
        return new ArrayList<>(out);
    }

    /**
     * Stops the periodic snapshots and takes the last one (call after processing has drained, while the
     * workers and the database still run). Later calls do nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdown();
        try {
            timer.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Result r = snapshot();
            LOG.info("vehicle state saved at shutdown: {} vehicles, {} bytes, {} ms", r.vehicles(), r.bytes(),
                    r.took().toMillis());
        } catch (RuntimeException e) {
            LOG.error("vehicle state could not be saved at shutdown: {}", e.getMessage());
        }
    }

    /** Figures for GET /api/stats. */
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("intervalMs", settings.interval().toMillis());
        m.put("snapshotsWritten", snapshots.get());
        m.put("vehiclesSaved", vehiclesSaved.get());
        m.put("bytesWritten", bytesWritten.get());
        Result r = last;
        m.put("lastVehicles", r == null ? 0 : r.vehicles());
        m.put("lastBytes", r == null ? 0 : r.bytes());
        m.put("lastDurationMs", r == null ? 0 : r.took().toMillis());
        m.put("lastAt", lastAt == null ? null : lastAt.toString());
        m.put("failures", failures.get());
        m.put("lastError", lastError);
        m.put("restoredAtStart", restored.get());
        m.put("restoreMs", restoreMillis);
        m.put("unreadableAtStart", unreadable.get());
        m.put("ruleStatesDropped", rulesDropped.get());
        m.put("fleetValuesRestored", fleetValuesRestored);
        return m;
    }
}

package dev.telematics.cli;

import dev.telematics.cases.CaseDatabase;
import dev.telematics.config.Json;
import dev.telematics.config.Folders;
import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.predict.FleetStatistics;
import dev.telematics.rules.RuleEngine;
import dev.telematics.rules.RuleLoader;
import dev.telematics.rules.RuleStates;
import dev.telematics.simulator.SignalModel;
import dev.telematics.state.JdbcVehicleStateStore;
import dev.telematics.state.VehicleSnapshots;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.VehicleRegistry;
import dev.telematics.vehicle.VehicleSnapshot;
import dev.telematics.vehicle.VehicleSnapshotCodec;
import dev.telematics.vehicle.VehicleState;
import dev.telematics.vehicle.Vin;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench-snapshot}: what a car's state costs in heap and one full vehicle state snapshot costs. Builds
 * the state of simulated cars in-process with the shipped rules and the simulator's signals: an hourly
 * sample for {@code --days} for {@code --distinct} cars (so forecasts hold long histories), copied through
 * the snapshot format to the other cars as a restore does, then {@code --seconds} of 1 Hz samples for every
 * car, live (so every signal's history ring is full). Measures the heap that stays reachable per car, the
 * per-car encode and decode time and bytes, then takes a full snapshot into the embedded H2 database as the
 * engine does, and restores it as a start does.
 */
@Command(name = "bench-snapshot", mixinStandardHelpOptions = true,
        description = "Measure a full vehicle state snapshot (time, bytes) and its restore, in-process.")
final class BenchSnapshotCommand implements Callable<Integer> {
    private static final long HOUR = 3_600_000L;

    @Option(names = "--rules", defaultValue = "rules", description = "rules folder (default: ${DEFAULT-VALUE})")
    Path rules;

    @Option(names = "--vehicles", defaultValue = "10000", description = "simulated cars (default: ${DEFAULT-VALUE})")
    int vehicles;

    @Option(names = "--days", defaultValue = "30", description = "days of hourly samples per car before the 1 Hz "
            + "part (forecast histories; default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--seconds", defaultValue = "120", description = "seconds of 1 Hz samples per car (the history "
            + "ring holds 120; default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--distinct", defaultValue = "200", description = "cars simulated sample by sample; the others "
            + "are copies of their states under other VINs (forecast rules make feeding months slow; "
            + "default: ${DEFAULT-VALUE})")
    int distinct;

    @Option(names = "--data-dir", description = "H2 database folder (default: a temporary folder, removed after)")
    Path dataDir;

    @Option(names = "--jitter-ms", defaultValue = "0", description = "each sample's timestamp up to this many ms "
            + "late, as from a car's clock (default: ${DEFAULT-VALUE}: exact seconds and hours)")
    int jitterMs;

    @Option(names = "--no-database", description = "skip the H2 snapshot and restore (heap, encode and decode only)")
    boolean noDatabase;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (vehicles < 1 || days < 0 || seconds < 1 || jitterMs < 0 || jitterMs > 999) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER,
                    "--vehicles and --seconds must be positive, --days >= 0, --jitter-ms 0-999");
        }
        FleetStatistics fleet = new FleetStatistics();
        RuleEngine engine = new RuleEngine(new RuleLoader(SignalCatalog.standard()).loadDirectory(rules),
                KnowledgeBase.load(rules), fleet);
        VehicleRegistry registry = new VehicleRegistry(120, Duration.ofMinutes(10));
        SignalModel model = new SignalModel(42);
        long fed = 0;
        long heapBefore = usedHeapAfterGc();
        long buildStart = System.nanoTime();
        int simulated = Math.max(1, Math.min(distinct, vehicles));
        long t0 = days * 24L * HOUR;
        for (int v = 0; v < simulated; v++) {
            VehicleState s = registry.stateOf(vin(v));
            for (int h = 0; h < days * 24; h++) {
                fed += feed(engine, s, Sample.of(h * HOUR + jitter(v, h), model.sample(v + 1, h * HOUR)));
            }
        }
        VehicleSnapshotCodec codec = new VehicleSnapshotCodec();
        Map<String, List<FleetStatistics.Saved>> fleetOf = fleet.export().stream()
                .collect(Collectors.groupingBy(FleetStatistics.Saved::vehicle));
        for (int v = simulated; v < vehicles; v++) { // the same months under another VIN, through the format
            VehicleSnapshot t = registry.stateOf(vin(v % simulated)).export(List.of());
            VehicleState from = registry.stateOf(vin(v % simulated));
            VehicleSnapshot copy = codec.decode(codec.encode(new VehicleSnapshot(t.format(), vin(v).value(),
                    t.lastTimestamp(), t.lastSequence(), t.samples(), t.histories(), t.arrays(), t.dtcs(),
                    t.dtcReportTimes(), t.lastFired(), RuleStates.export(from))));
            VehicleState s = VehicleState.restore(copy, 120, Duration.ofMinutes(10));
            RuleStates.restore(engine.rules(), s, copy.rules());
            registry.restore(s);
            fleet.restore(fleetOf.getOrDefault(from.vin().value(), List.of()).stream()
                    .map(f -> new FleetStatistics.Saved(f.model(), f.signal(), s.vin().value(), f.value())).toList());
        }
        fleetOf = null;
        for (int v = 0; v < vehicles; v++) { // then every car live at 1 Hz (its signal rings fill up)
            VehicleState s = registry.stateOf(vin(v));
            int profile = v % simulated + 1;
            for (int k = 0; k < seconds; k++) {
                long at = t0 + k * 1000L;
                fed += feed(engine, s, Sample.of(at + jitter(v, k), model.sample(profile, at)));
            }
        }
        long buildMs = (System.nanoTime() - buildStart) / 1_000_000;
        long heapAfter = usedHeapAfterGc();

        // the worker's share: copying each state into plain values (what a worker does between two messages)
        List<VehicleSnapshot> copies = new ArrayList<>(Math.min(vehicles, 1000));
        long copyNanos = 0;
        long encodeNanos = 0;
        long decodeNanos = 0;
        long[] sizes = new long[1];
        int[] counted = {0};
        List<VehicleState> all = new ArrayList<>();
        registry.forEach(all::add);
        for (VehicleState s : all) {
            long a = System.nanoTime();
            VehicleSnapshot copy = s.export(RuleStates.export(s));
            long b = System.nanoTime();
            byte[] bytes = codec.encode(copy);
            long c = System.nanoTime();
            codec.decode(bytes);
            decodeNanos += System.nanoTime() - c;
            sizes[0] += bytes.length;
            encodeNanos += c - b;
            copyNanos += b - a;
            counted[0]++;
            if (copies.size() < 1000) {
                copies.add(copy);
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("vehicles", vehicles);
        r.put("rules", engine.rules().size());
        r.put("simulatedCars", simulated);
        r.put("samplesFedPerSimulatedCar", days * 24 + seconds);
        r.put("jitterMs", jitterMs);
        r.put("signalUpdatesFed", fed);
        r.put("buildMs", buildMs);
        r.put("historyPointsPerCar", copies.isEmpty() ? 0 : copies.get(0).histories().values().stream()
                .mapToInt(h -> h.timestamps().length).sum());
        r.put("ruleStatesPerCar", copies.isEmpty() ? 0 : copies.get(0).rules().size());
        r.put("heapPerVehicleBytes", (heapAfter - heapBefore) / vehicles);
        r.put("snapshotFormat", VehicleSnapshot.FORMAT);
        r.put("encodedBytesPerVehicle", sizes[0] / Math.max(1, counted[0]));
        r.put("encodeMicrosPerVehicle", encodeNanos / 1000 / Math.max(1, counted[0]));
        r.put("decodeMicrosPerVehicle", decodeNanos / 1000 / Math.max(1, counted[0]));
        r.put("workerCopyMsTotal", copyNanos / 1_000_000);
        r.put("workerCopyMicrosPerVehicle", copyNanos / 1000 / Math.max(1, counted[0]));
        r.put("encodeMsTotal", encodeNanos / 1_000_000);
        if (!noDatabase) {
            database(registry, engine, fleet, r);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.newMapper().writeValueAsString(r));
        } else {
            r.forEach((k, v) -> out.printf("%-28s %s%n", k, v));
        }
        out.flush();
        return 0;
    }

    /** The full snapshot into H2 as the engine takes it, the unchanged one, and the restore at start. */
    private void database(VehicleRegistry registry, RuleEngine engine, FleetStatistics fleet, Map<String, Object> r)
            throws Exception {
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("bench-snapshot");
        try (CaseDatabase db = CaseDatabase.embedded(dir)) {
            JdbcVehicleStateStore store = new JdbcVehicleStateStore(db.dataSource());
            VehicleSnapshots.Workers here = task -> {
                task.accept(vin -> true); // this thread plays the one worker that owns every car
                return CompletableFuture.completedFuture(null);
            };
            VehicleSnapshots.Settings settings = new VehicleSnapshots.Settings(Duration.ZERO, 120, Duration.ofMinutes(10));
            VehicleSnapshots snapshots = new VehicleSnapshots(store, registry, engine::rules, fleet, here, settings,
                    Clock.systemUTC());
            VehicleSnapshots.Result full = snapshots.snapshot(true);
            VehicleSnapshots.Result unchanged = snapshots.snapshot();
            FleetStatistics fleetBack = new FleetStatistics();
            VehicleRegistry back = new VehicleRegistry(120, Duration.ofMinutes(10));
            VehicleSnapshots restore = new VehicleSnapshots(store, back, engine::rules, fleetBack, here, settings,
                    Clock.systemUTC());
            long rs = System.nanoTime();
            restore.restore();
            long restoreMs = (System.nanoTime() - rs) / 1_000_000;
            r.put("fullSnapshotMs", full.took().toMillis());
            r.put("fullSnapshotBytes", full.bytes());
            r.put("bytesPerVehicle", full.bytes() / Math.max(1, full.vehicles()));
            r.put("vehiclesSaved", full.vehicles());
            r.put("unchangedSnapshotMs", unchanged.took().toMillis());
            r.put("unchangedSnapshotVehicles", unchanged.vehicles());
            r.put("restoreMs", restoreMs);
            r.put("restored", restore.stats().get("restoredAtStart"));
            r.put("ruleStatesDroppedAtRestore", restore.stats().get("ruleStatesDropped"));
            r.put("fleetValues", fleet.export().size());
            r.put("database", db.description());
        } finally {
            if (dataDir == null) {
                Folders.deleteQuietly(dir);
            }
        }
    }

    /** Heap in use after full collections: what stays reachable. */
    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** A car's clock is not the bench's: 0..jitterMs late, fixed per car and sample. */
    private long jitter(int vehicle, int k) {
        return jitterMs == 0 ? 0 : Math.floorMod((vehicle * 31L + k) * 2_654_435_761L, jitterMs + 1L);
    }

    private static Vin vin(int i) {
        return Vin.of(String.format("LRWBNCH%010d", i + 1));
    }

    private static long feed(RuleEngine engine, VehicleState s, Sample x) {
        s.apply(x);
        engine.onSample(s, x);
        return x.scalarCount();
    }
}

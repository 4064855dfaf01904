package dev.telematics.cli;

import dev.telematics.config.Json;
import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.rules.RuleEngine;
import dev.telematics.rules.RuleLoader;
import dev.telematics.simulator.SignalModel;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.VehicleState;
import dev.telematics.vehicle.Vin;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import com.sun.management.ThreadMXBean;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.ingest.IngestStats;
import dev.telematics.ingest.TelemetryDecoder;
import dev.telematics.ingest.TimestampPolicy;
import dev.telematics.simulator.Payloads;

/**
 * {@code bench-rules}: pushes telemetry frames of simulated cars through the full rule set in-process
 * (vehicle state and rules, as an ingest worker does after decoding; no MQTT, no JSON) on one thread,
 * and prints frames/s, signal updates/s and the heap after a full GC at the start and end of the
 * measurement (to show that memory does not grow).
 */
@Command(name = "bench-rules", mixinStandardHelpOptions = true,
        description = "Measure rule evaluation speed on one thread (frames/s and signal updates/s).")
final class BenchRulesCommand implements Callable<Integer> {
    @Option(names = "--rules", defaultValue = "rules", description = "rules folder (default: ${DEFAULT-VALUE})")
    Path rules;

    @Option(names = "--vehicles", defaultValue = "1000", description = "simulated cars (default: ${DEFAULT-VALUE})")
    int vehicles;

    @Option(names = "--seconds", defaultValue = "20", description = "measured run (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup", defaultValue = "10", description = "warm-up seconds (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--decode", description = "also decode each frame from its JSON payload, as an ingest worker "
            + "does (keeps every payload in memory, ~1 KB each: lower --frames-per-car for many vehicles)")
    boolean decode;

    @Option(names = "--frames-per-car", defaultValue = "600", description = "distinct frames per car, cycled "
            + "(default: ${DEFAULT-VALUE})")
    int framesPerCar;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (vehicles < 1 || framesPerCar < 1 || seconds < 1 || warmup < 0) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER,
                    "--vehicles, --frames-per-car and --seconds must be positive, --warmup >= 0");
        }
        RuleEngine engine = new RuleEngine(new RuleLoader(SignalCatalog.standard()).loadDirectory(rules),
                KnowledgeBase.load(rules));
        SignalModel model = new SignalModel(42);
        VehicleState[] states = new VehicleState[vehicles];
        Frames frames = new Frames(vehicles, framesPerCar, decode);
        for (int v = 0; v < vehicles; v++) {
            states[v] = new VehicleState(Vin.of(String.format("LRWBNCH%010d", v + 1)), 120, Duration.ofMinutes(10));
            for (int k = 0; k < framesPerCar; k++) {
                Map<String, Double> signals = model.sample(v + 1, k * 1000L);
                if (decode) {
                    frames.payloads[v][k] = Payloads.telemetry(k * 1000L, k, signals);
                } else {
                    frames.samples[v][k] = Sample.of(0, signals);
                }
            }
        }
        TelemetryDecoder decoder = new TelemetryDecoder(Json.newMapper(),
                SignalCatalog.standard(), new IngestStats(),
                new TimestampPolicy(300_000, Long.MAX_VALUE / 4));
        long[] clock = new long[vehicles];
        Run warm = run(engine, decoder, states, frames, clock, Duration.ofSeconds(warmup));
        long heapBefore = heapAfterGc();
        Run measured = run(engine, decoder, states, frames, clock, Duration.ofSeconds(seconds));
        long heapAfter = heapAfterGc();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("threads", 1);
        r.put("vehicles", vehicles);
        r.put("rules", engine.rules().size());
        r.put("decode", decode);
        r.put("seconds", measured.nanos / 1e9);
        r.put("frames", measured.frames);
        r.put("signalUpdates", measured.updates);
        r.put("framesPerSecond", Math.round(measured.frames / (measured.nanos / 1e9)));
        r.put("signalUpdatesPerSecond", Math.round(measured.updates / (measured.nanos / 1e9)));
        r.put("allocatedBytesPerFrame", measured.frames == 0 ? 0 : measured.allocated / measured.frames);
        r.put("heapAfterGcBeforeMb", heapBefore / (1 << 20));
        r.put("heapAfterGcAfterMb", heapAfter / (1 << 20));
        r.put("warmupFrames", warm.frames);
        r.put("firings", engine.firings().values().stream().mapToLong(Long::longValue).sum());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.newMapper().writeValueAsString(r));
        } else {
            r.forEach((k, v) -> out.printf("%-24s %s%n", k, v));
        }
        out.flush();
        return 0;
    }

    private record Run(long frames, long updates, long nanos, long allocated) {
    }

    /** Each car's frames: samples, or (with --decode) their JSON payloads. */
    private static final class Frames {
        final Sample[][] samples;
        final byte[][][] payloads;
        final int perCar;

        Frames(int vehicles, int perCar, boolean decode) {
            this.perCar = perCar;
            this.samples = decode ? null : new Sample[vehicles][perCar];
            this.payloads = decode ? new byte[vehicles][perCar][] : null;
        }
    }

    private static Run run(RuleEngine engine, TelemetryDecoder decoder, VehicleState[] states,
                           Frames frames, long[] clock, Duration d) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long alloc0 = threads.getThreadAllocatedBytes(tid);
        long start = System.nanoTime();
        long end = start + d.toNanos();
        long n = 0;
        long updates = 0;
        int k = 0;
        while (System.nanoTime() < end) {
            for (int v = 0; v < states.length; v++) {
                clock[v] += 1000;
                Sample s = frames.samples != null ? frames.samples[v][k].withTimestamp(clock[v])
                        : decoder.decode(frames.payloads[v][k], k * 1000L).value().get(0).withTimestamp(clock[v]);
                states[v].apply(s);
                engine.onSample(states[v], s);
                updates += s.signalCount();
            }
            n += states.length;
            k = (k + 1) % frames.perCar;
        }
        long nanos = System.nanoTime() - start;
        return new Run(n, updates, nanos, threads.getThreadAllocatedBytes(tid) - alloc0);
    }

    private static long heapAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}

package dev.telematics.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.config.Json;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.simulator.FleetSimulator;
import dev.telematics.simulator.Scenario;
import dev.telematics.simulator.ScenarioLoader;
import dev.telematics.simulator.SimulationReport;
import dev.telematics.simulator.SimulatorListener;
import dev.telematics.simulator.SimulatorOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import dev.telematics.config.Folders;
import java.nio.file.Files;

/**
 * {@code bench}: the same simulated load, in one run on this machine, against (a) the bare broker (the
 * engine only counts what arrives) and (b) the full engine with the shipped rules; prints both rates
 * and their ratio. The engine runs in a JVM of its own beside this one, which drives the cars. With
 * {@code --step} it raises the offered rate until the p99 latency passes a bound, something is lost or
 * the achieved rate falls behind, and prints the highest sustainable rate.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Offered vs achieved rate of the bare broker and of the full engine, and their ratio.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--cars", defaultValue = "1000", description = "simulated cars (default: ${DEFAULT-VALUE})")
    int cars;

    @Option(names = "--rate", defaultValue = "5000", description = "offered messages per second (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--duration", defaultValue = "30", description = "seconds per measurement (default: ${DEFAULT-VALUE})")
    int duration;

    @Option(names = "--warmup", defaultValue = "10", description = "seconds of the same load before each "
            + "measurement, on the same engine, not counted (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--qos", defaultValue = "1", description = "QoS of the cars' publishes (default: ${DEFAULT-VALUE})")
    int qos;

    @Option(names = "--transport", defaultValue = "hivemq", description = "paho or hivemq (default: ${DEFAULT-VALUE})")
    String transport;

    @Option(names = "--step", description = "raise the rate by --step-factor until the p99 bound is passed")
    boolean step;

    @Option(names = "--step-factor", defaultValue = "1.25", description = "rate factor per step (default: ${DEFAULT-VALUE})")
    double stepFactor;

    @Option(names = "--p99-bound-ms", defaultValue = "50", description = "step mode bound (default: ${DEFAULT-VALUE})")
    double p99BoundMs;

    @Option(names = "--engine-heap", defaultValue = "2g", description = "-Xmx of the engine's JVM (default: ${DEFAULT-VALUE})")
    String engineHeap;

    @Option(names = "--engine-gc", defaultValue = "parallel", description = "garbage collector of the engine's "
            + "JVM: parallel (recommended on small machines, see docs/performance.md) or g1 (the JVM's default) "
            + "(default: ${DEFAULT-VALUE})")
    String engineGc;

    @Option(names = "--engine-jvm-option", description = "an extra option for the engine's JVM, e.g. "
            + "-XX:StartFlightRecording=filename=engine.jfr (repeatable)")
    List<String> engineJvmOptions = new ArrayList<>();

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private volatile Process current;
    private final ObjectMapper mapper = Json.newMapper();

    @Override
    public Integer call() throws Exception {
        if (cars < 1 || rate < 1 || duration < 1 || warmup < 0) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER,
                    "--cars, --rate and --duration must be positive, --warmup 0 or more");
        }
        if (!engineGc.equals("parallel") && !engineGc.equals("g1")) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "--engine-gc must be parallel or g1, got " + engineGc);
        }
        if (qos != 0 && qos != 1) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "--qos must be 0 or 1");
        }
        if (step && !(stepFactor > 1)) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "--step-factor must be greater than 1");
        }
        if (rate > cars * 100L) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "--rate " + rate + " needs more cars: each car publishes "
                    + "at most every 10 ms, so " + cars + " cars offer at most " + cars * 100L + " msg/s");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p = current;
            if (p != null) {
                p.destroyForcibly();
            }
        }, "bench-engine-stop"));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cars", cars);
        result.put("offeredRate", rate);
        result.put("qos", qos);
        result.put("transport", Transports.parse(transport).label());
        result.put("durationSeconds", duration);
        result.put("warmupSeconds", warmup);
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("engineGc", engineGc);
        Map<String, Object> bare = measure(rate, true);
        Map<String, Object> engine = measure(rate, false);
        result.put("bareBroker", bare);
        result.put("engine", engine);
        double ratio = ((Number) engine.get("achievedRate")).doubleValue()
                / Math.max(1e-9, ((Number) bare.get("achievedRate")).doubleValue());
        result.put("ratio", Math.round(ratio * 1000) / 1000.0);
        if (step) {
            result.put("step", stepUp());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? mapper.writeValueAsString(result) : mapper.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        out.flush();
        return 0;
    }

    private Map<String, Object> stepUp() throws Exception {
        List<Map<String, Object>> steps = new ArrayList<>();
        int r = rate;
        Integer best = null;
        while (true) {
            Map<String, Object> m = measure(r, false);
            m.put("offeredRate", r);
            steps.add(m);
            @SuppressWarnings("unchecked")
            double p99 = ((Number) ((Map<String, Object>) m.get("latencyMs")).get("p99")).doubleValue();
            double achieved = ((Number) m.get("achievedRate")).doubleValue();
            boolean ok = p99 <= p99BoundMs && ((Number) m.get("lost")).longValue() == 0 && achieved >= 0.95 * r;
            if (!ok || steps.size() >= 12) {
                break;
            }
            best = r;
            r = (int) Math.ceil(r * stepFactor);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("p99BoundMs", p99BoundMs);
        s.put("highestSustainableRate", best);
        s.put("steps", steps);
        return s;
    }

    /** One measurement: start an engine JVM, warm it up, drive the cars at {@code offered} msg/s, read its figures. */
    private Map<String, Object> measure(int offered, boolean bareBroker) throws Exception {
        int mqttPort = FreePort.find();
        int httpPort = FreePort.find();
        Path log = Files.createTempFile("telematics-bench-engine-", ".log");
        Path data = Files.createTempDirectory("telematics-bench-data-");
        EngineJvm engine = startEngine(mqttPort, httpPort, bareBroker, log, data);
        current = engine.process;
        try {
            engine.awaitHealthy(Duration.ofSeconds(60));
            long intervalMillis = Math.max(10, Math.round(cars * 1000.0 / offered));
            int faults = Math.max(1, Math.min(50, cars / 200));
            boolean warmupDrained = true;
            if (warmup > 0) {
                SimulationReport w = drive(mqttPort, intervalMillis, warmup, faults, faults);
                // the measurement starts only once the warm-up's messages are all handled
                warmupDrained = awaitDrained(httpPort, w.messagesAcknowledged(), bareBroker, 0).complete();
                EngineJvm.post(httpPort, "/api/stats/reset-latency");
            }
            JsonNode before = mapper.readTree(EngineJvm.get(httpPort, "/api/stats").body());
            long beforeAt = System.nanoTime();
            long[] cpuBefore = MachineCpu.read();
            double simCpuBefore = cpuSeconds(ProcessHandle.current());
            SimulationReport report = drive(mqttPort, intervalMillis, duration, faults, 0);
            long[] cpuAfter = MachineCpu.read();
            double simCpu = cpuSeconds(ProcessHandle.current()) - simCpuBefore;
            double driveSeconds = (System.nanoTime() - beforeAt) / 1e9; // connect, publish, disconnect
            long acknowledged = report.messagesAcknowledged();
            long afterRun = System.nanoTime();
            Drained drained = awaitDrained(httpPort, acknowledged, bareBroker, handled(before, bareBroker));
            JsonNode stats = drained.stats();
            double statsSeconds = (System.nanoTime() - beforeAt) / 1e9; // between the two stats readings
            long received = delta(stats, before, "received");
            long processed = delta(stats, before, "processed");
            long overloaded = stats.path("ingest").path("rejectedByReason").path("OVERLOADED").asLong()
                    - before.path("ingest").path("rejectedByReason").path("OVERLOADED").asLong();
            long rejected = delta(stats, before, "rejected") - overloaded;
            double publishSeconds = Math.max(1, report.durationMillis()) / 1000.0;
            // the engine's rate: what it handled, over the publishing time plus the time it needed to catch up
            double engineSeconds = publishSeconds + (drained.at() - afterRun) / 1e9;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("carsConnected", report.carsConnected());
            m.put("offeredRate", Math.round(cars * 1000.0 / intervalMillis));
            m.put("offered", report.messagesOffered());
            m.put("acknowledged", acknowledged);
            m.put("failed", report.messagesFailed());
            m.put("drained", drained.complete());
            m.put("warmupDrained", warmupDrained);
            if (bareBroker) {
                m.put("achievedRate", Math.round(received / publishSeconds));
                m.put("received", received);
                m.put("lost", Math.max(0, acknowledged - received));
            } else {
                m.put("achievedRate", Math.round((processed + rejected) / engineSeconds));
                m.put("processed", processed);
                m.put("rejected", rejected);
                m.put("refusedOverloaded", overloaded);
                m.put("lost", Math.max(0, acknowledged - processed - rejected));
                JsonNode lat = stats.path("latency").path("vehicleToProcessedMs");
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("p50", lat.path("p50").asDouble());
                l.put("p95", lat.path("p95").asDouble());
                l.put("p99", lat.path("p99").asDouble());
                l.put("max", lat.path("max").asDouble());
                m.put("latencyMs", l);
                m.put("queueWaitMs", mapper.convertValue(stats.path("latency").path("queueWaitMs"), Map.class));
                m.put("warningsReceived", report.warningsReceived());
                m.put("warningsPublishedByEngine", stats.path("warningsPublished").asLong()
                        - before.path("warningsPublished").asLong());
                m.put("faultFirings", stats.path("firingsByRule").path("hv-isolation-fault").asLong()
                        - before.path("firingsByRule").path("hv-isolation-fault").asLong());
                m.put("carToWarningLatencyMs", report.warningLatencyMs());
            }
            double engineCpu = stats.path("jvm").path("processCpuSeconds").asDouble()
                    - before.path("jvm").path("processCpuSeconds").asDouble();
            m.put("engineCpuSeconds", Math.round(engineCpu * 10) / 10.0);
            m.put("engineCpuPercentOfOneCore", Math.round(100 * engineCpu / statsSeconds));
            m.put("engineHeapUsedMb", stats.path("jvm").path("heapUsedMb").asLong());
            m.put("simulatorCpuPercentOfOneCore", Math.round(100 * simCpu / driveSeconds));
            m.put("machineCpuBusyPercent", MachineCpu.busyPercent(cpuBefore, cpuAfter));
            return m;
        } finally {
            engine.close();
            current = null;
            if (engine.process.exitValue() == 143 || engine.process.exitValue() == 0) {
                Files.deleteIfExists(log);
            }
            Folders.deleteQuietly(data);
        }
    }

    /**
     * Drives the cars for {@code seconds}; {@code faults} of them (from car {@code firstFaultCar + 1} on)
     * report an HV isolation fault code at times spread over the first three quarters of the run, so
     * that the engine opens cases and warns their owners, and the car-to-warning latency is measured
     * under load.
     */
    private SimulationReport drive(int mqttPort, long intervalMillis, int seconds, int faults, int firstFaultCar) {
        return drive("tcp://127.0.0.1:" + mqttPort, cars, qos, transport, intervalMillis, seconds, faults, firstFaultCar);
    }

    /** The bench's load: {@code cars} cars (spread over the brokers of a comma-separated {@code brokers}). */
    static SimulationReport drive(String brokers, int cars, int qos, String transport, long intervalMillis, int seconds,
                                  int faults, int firstFaultCar) {
        StringBuilder yaml = new StringBuilder("""
                name: bench
                fleet: {size: %d, vinPrefix: LRWBNCH}
                publishInterval: %dms
                duration: %ds
                faults:
                """.formatted(cars, intervalMillis, seconds));
        for (int i = 0; i < faults && firstFaultCar + i < cars; i++) {
            long atMillis = (i + 1) * seconds * 750L / (faults + 1); // over the first 3/4: warnings arrive in the run
            yaml.append("  - {vehicle: %d, at: %dms, dtc: {ecu: BMS, codes: [P0AA6]}}%n"
                    .formatted(firstFaultCar + i + 1, atMillis));
        }
        Scenario scenario = ScenarioLoader.parse(yaml.toString(), "bench");
        try (FleetSimulator sim = new FleetSimulator(scenario, SimulatorOptions.of(brokers)
                .withQos(qos).withTransport(Transports.parse(transport)), Clock.systemUTC(), SimulatorListener.NONE)) {
            return sim.run(Duration.ofSeconds(seconds));
        }
    }

    private static long delta(JsonNode now, JsonNode before, String counter) {
        return now.path("ingest").path(counter).asLong() - before.path("ingest").path(counter).asLong();
    }

    private static long handled(JsonNode stats, boolean bareBroker) {
        JsonNode in = stats.path("ingest");
        return bareBroker ? in.path("received").asLong() : in.path("processed").asLong() + in.path("rejected").asLong()
                - in.path("rejectedByReason").path("OVERLOADED").asLong();
    }


    private EngineJvm startEngine(int mqttPort, int httpPort, boolean bareBroker, Path log, Path data) throws Exception {
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + engineHeap,
                engineGc.equals("parallel") ? "-XX:+UseParallelGC" : "-XX:+UseG1GC"));
        jvm.addAll(engineJvmOptions);
        return EngineJvm.start(jvm, mqttPort, httpPort, data, log, bareBroker ? List.of("--bare-broker") : List.of());
    }

    /** The engine's stats, when it last changed, and whether it caught up with everything acknowledged. */
    private record Drained(JsonNode stats, long at, boolean complete) {
    }

    /**
     * Waits until the engine has taken (bare broker) or handled (engine) everything the broker
     * acknowledged, or its counters stop moving for a second, at most 30 s.
     */
    private Drained awaitDrained(int httpPort, long acknowledged, boolean bareBroker, long handledBefore)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long last = -1;
        long lastChange = System.nanoTime();
        JsonNode stats;
        while (true) {
            stats = mapper.readTree(EngineJvm.get(httpPort, "/api/stats").body());
            long done = handled(stats, bareBroker) - handledBefore;
            long now = System.nanoTime();
            if (done != last) {
                last = done;
                lastChange = now;
            }
            if (done >= acknowledged && stats.path("backlog").asLong() == 0) {
                return new Drained(stats, lastChange, true);
            }
            if (now - lastChange > 1_000_000_000L || now > end) {
                return new Drained(stats, lastChange, false);
            }
            LockSupport.parkNanos(20_000_000);
        }
    }


    static double cpuSeconds(ProcessHandle p) {
        return p.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(-1.0);
    }
}

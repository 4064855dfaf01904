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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final HttpClient http = HttpClient.newHttpClient();
    private volatile Process current;
    private final ObjectMapper mapper = Json.newMapper();

    @Override
    public Integer call() throws Exception {
        if (cars < 1 || rate < 1 || duration < 1) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "--cars, --rate and --duration must be positive");
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

    /** One measurement: start an engine JVM, drive the cars at {@code offered} msg/s, read its figures. */
    private Map<String, Object> measure(int offered, boolean bareBroker) throws Exception {
        int mqttPort = FreePort.find();
        int httpPort = FreePort.find();
        Path log = java.nio.file.Files.createTempFile("telematics-bench-engine-", ".log");
        Process engine = startEngine(mqttPort, httpPort, bareBroker, log);
        current = engine;
        try {
            awaitHealthy(httpPort, engine, log);
            long intervalMillis = Math.max(10, Math.round(cars * 1000.0 / offered));
            Scenario scenario = ScenarioLoader.parse("""
                    name: bench
                    fleet: {size: %d, vinPrefix: LRWBNCH}
                    publishInterval: %dms
                    duration: %ds
                    """.formatted(cars, intervalMillis, duration), "bench");
            SimulationReport report;
            try (FleetSimulator sim = new FleetSimulator(scenario, SimulatorOptions.of("tcp://127.0.0.1:" + mqttPort)
                    .withQos(qos).withTransport(Transports.parse(transport)), Clock.systemUTC(), SimulatorListener.NONE)) {
                report = sim.run(Duration.ofSeconds(duration));
            }
            long acknowledged = report.messagesAcknowledged();
            long afterRun = System.nanoTime();
            Drained drained = awaitDrained(httpPort, acknowledged, bareBroker);
            JsonNode stats = drained.stats();
            long received = stats.path("ingest").path("received").asLong();
            long processed = stats.path("ingest").path("processed").asLong();
            long overloaded = stats.path("ingest").path("rejectedByReason").path("OVERLOADED").asLong();
            long rejected = stats.path("ingest").path("rejected").asLong() - overloaded;
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
                l.put("p99", lat.path("p99").asDouble());
                l.put("max", lat.path("max").asDouble());
                m.put("latencyMs", l);
                m.put("engineCpuSeconds", cpuSeconds(engine));
            }
            return m;
        } finally {
            engine.destroy();
            if (!engine.waitFor(20, TimeUnit.SECONDS)) {
                engine.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            current = null;
            if (engine.exitValue() == 143 || engine.exitValue() == 0) {
                java.nio.file.Files.deleteIfExists(log);
            }
        }
    }

    private Process startEngine(int mqttPort, int httpPort, boolean bareBroker, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + engineHeap,
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                "--mqtt-port", String.valueOf(mqttPort), "--http-port", String.valueOf(httpPort)));
        if (bareBroker) {
            cmd.add("--bare-broker");
        }
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile()).start();
    }

    private void awaitHealthy(int httpPort, Process engine, Path log) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            if (!engine.isAlive()) {
                throw new EngineException(ErrorCode.SERVICE_UNAVAILABLE, "the engine JVM exited with " + engine.exitValue()
                        + "; see " + log);
            }
            try {
                if (get(httpPort, "/health").statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            LockSupport.parkNanos(100_000_000);
        }
        throw new EngineException(ErrorCode.SERVICE_UNAVAILABLE, "the engine did not become healthy within 60 s");
    }

    /** The engine's stats, when it last changed, and whether it caught up with everything acknowledged. */
    private record Drained(JsonNode stats, long at, boolean complete) {
    }

    /**
     * Waits until the engine has taken (bare broker) or handled (engine) everything the broker
     * acknowledged, or its counters stop moving for a second, at most 30 s.
     */
    private Drained awaitDrained(int httpPort, long acknowledged, boolean bareBroker) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long last = -1;
        long lastChange = System.nanoTime();
        JsonNode stats;
        while (true) {
            stats = mapper.readTree(get(httpPort, "/api/stats").body());
            JsonNode in = stats.path("ingest");
            long done = bareBroker ? in.path("received").asLong()
                    : in.path("processed").asLong() + in.path("rejected").asLong()
                    - in.path("rejectedByReason").path("OVERLOADED").asLong();
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

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double cpuSeconds(Process p) {
        return p.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(-1.0);
    }
}

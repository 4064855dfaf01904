package dev.telematics.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseDatabase;
import dev.telematics.config.Folders;
import dev.telematics.config.Json;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.simulator.SimulationReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-cluster}: the same simulated load, in one run, against (a) one embedded engine node and (b) a
 * cluster of {@code --nodes} nodes on one Kafka, cars spread over the nodes as a load balancer would; both keep
 * their cases in the same PostgreSQL (a fresh schema each). Prints for each: messages acknowledged and processed,
 * lost, achieved rate, car -> warning latency, and CPU per message (each node's and in all), and their ratio.
 * Kafka and PostgreSQL are the caller's ({@code scripts/kafka-local.sh start}); on one machine the nodes, Kafka
 * and the simulator share its cores, so this measures what the cluster path costs, not how far it scales.
 */
@Command(name = "bench-cluster", mixinStandardHelpOptions = true,
        description = "One embedded node vs N cluster nodes on Kafka under the same load: rate, loss, latency, CPU per message.")
final class BenchClusterCommand implements Callable<Integer> {
    @Option(names = "--kafka", required = true, description = "Kafka bootstrap servers (scripts/kafka-local.sh start DIR PORT)")
    String kafka;

    @Option(names = "--jdbc-url", required = true, description = "PostgreSQL for the cases, e.g. "
            + "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres (each measurement gets a fresh schema)")
    String jdbcUrl;

    @Option(names = "--nodes", defaultValue = "2", description = "cluster nodes (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--partitions", defaultValue = "12", description = "partitions of the bench's topics (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--cars", defaultValue = "1000", description = "simulated cars (default: ${DEFAULT-VALUE})")
    int cars;

    @Option(names = "--rate", defaultValue = "2000", description = "offered messages per second (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--duration", defaultValue = "30", description = "seconds per measurement (default: ${DEFAULT-VALUE})")
    int duration;

    @Option(names = "--warmup", defaultValue = "10", description = "seconds of load before each measurement (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--engine-heap", defaultValue = "1g", description = "-Xmx of each node's JVM (default: ${DEFAULT-VALUE})")
    String engineHeap;

    @Option(names = "--transport", defaultValue = "hivemq", description = "paho or hivemq (default: ${DEFAULT-VALUE})")
    String transport;

    @Option(names = "--kafka-pid-file", description = "the Kafka broker's pid file (scripts/kafka-local.sh writes "
            + "DIR/kafka.pid): its CPU per message is reported too")
    Path kafkaPidFile;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final ObjectMapper mapper = Json.newMapper();
    private final List<EngineJvm> running = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || partitions < nodes || cars < 1 || rate < 1 || duration < 1 || warmup < 0) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "--nodes >= 1, --partitions >= --nodes, --cars, "
                    + "--rate and --duration positive, --warmup 0 or more");
        }
        if (rate > cars * 100L) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "--rate " + rate + " needs more cars (at most 100 msg/s each)");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(e -> e.process.destroyForcibly()),
                "bench-cluster-stop"));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cars", cars);
        result.put("offeredRate", rate);
        result.put("durationSeconds", duration);
        result.put("nodes", nodes);
        result.put("partitions", partitions);
        result.put("cores", Runtime.getRuntime().availableProcessors());
        Map<String, Object> single = measure(false);
        Map<String, Object> cluster = measure(true);
        result.put("embedded", single);
        result.put("cluster", cluster);
        result.put("rateRatio", ratio(cluster, single, "achievedRate"));
        result.put("cpuPerMessageRatio", ratio(cluster, single, "cpuMicrosPerMessage"));
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? mapper.writeValueAsString(result) : mapper.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        out.flush();
        return 0;
    }

    private static double ratio(Map<String, Object> a, Map<String, Object> b, String key) {
        return Math.round(1000 * ((Number) a.get(key)).doubleValue() / Math.max(1e-9, ((Number) b.get(key)).doubleValue()))
                / 1000.0;
    }

    private Map<String, Object> measure(boolean clustered) throws Exception {
        String db = freshSchema();
        String prefix = "bench" + System.nanoTime();
        List<EngineJvm> engines = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        try {
            int count = clustered ? nodes : 1;
            for (int i = 0; i < count; i++) {
                Path data = Files.createTempDirectory("telematics-bench-cluster-");
                folders.add(data);
                List<String> options = new ArrayList<>(List.of("--jdbc-url", db));
                if (clustered) {
                    options.addAll(List.of("--kafka", kafka, "--node-id", "n" + i, "--kafka-topic-prefix", prefix,
                            "--kafka-partitions", Integer.toString(partitions)));
                }
                EngineJvm e = EngineJvm.start(List.of("-Xmx" + engineHeap, "-XX:+UseParallelGC"), FreePort.find(),
                        FreePort.find(), data, data.resolve("engine.log"), options);
                engines.add(e);
                running.add(e);
            }
            for (EngineJvm e : engines) {
                e.awaitHealthy(Duration.ofSeconds(90));
            }
            if (clustered) {
                awaitAssigned(engines);
            }
            String brokers = String.join(",", engines.stream().map(e -> "tcp://127.0.0.1:" + e.mqttPort).toList());
            long interval = Math.max(10, Math.round(cars * 1000.0 / rate));
            int faults = Math.max(1, Math.min(50, cars / 200));
            if (warmup > 0) {
                SimulationReport w = BenchCommand.drive(brokers, cars, 1, transport, interval, warmup, faults, faults);
                awaitDrained(engines, clustered, w.messagesAcknowledged(), 0);
                for (EngineJvm e : engines) {
                    EngineJvm.post(e.httpPort, "/api/stats/reset-latency");
                }
            }
            List<JsonNode> before = stats(engines);
            long handledBefore = handled(before, clustered);
            long started = System.nanoTime();
            double kafkaCpuBefore = kafkaCpu();
            SimulationReport report = BenchCommand.drive(brokers, cars, 1, transport, interval, duration, faults, 0);
            long afterRun = System.nanoTime();
            long caughtUpAt = awaitDrained(engines, clustered, report.messagesAcknowledged(), handledBefore);
            List<JsonNode> after = stats(engines);
            long processed = handled(after, clustered) - handledBefore;
            double seconds = Math.max(1, report.durationMillis()) / 1000.0 + Math.max(0, caughtUpAt - afterRun) / 1e9;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("acknowledged", report.messagesAcknowledged());
            m.put("processed", processed);
            m.put("lost", Math.max(0, report.messagesAcknowledged() - processed));
            m.put("achievedRate", Math.round(processed / seconds));
            m.put("warningsReceived", report.warningsReceived());
            m.put("carToWarningLatencyMs", report.warningLatencyMs());
            double cpu = 0;
            List<Map<String, Object>> perNode = new ArrayList<>();
            for (int i = 0; i < engines.size(); i++) {
                double c = after.get(i).path("jvm").path("processCpuSeconds").asDouble()
                        - before.get(i).path("jvm").path("processCpuSeconds").asDouble();
                cpu += c;
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("cpuSeconds", Math.round(c * 10) / 10.0);
                n.put("cpuPercentOfOneCore", Math.round(100 * c / ((System.nanoTime() - started) / 1e9)));
                n.put("handled", nodeHandled(after.get(i), clustered) - nodeHandled(before.get(i), clustered));
                JsonNode lat = after.get(i).path("latency").path("vehicleToProcessedMs");
                n.put("carToProcessedMs", Map.of("p50", lat.path("p50").asDouble(), "p99", lat.path("p99").asDouble()));
                JsonNode wait = after.get(i).path("latency").path("queueWaitMs");
                n.put("workerQueueWaitMs", Map.of("p50", wait.path("p50").asDouble(), "p99", wait.path("p99").asDouble()));
                if (clustered) {
                    n.put("partitions", after.get(i).path("cluster").path("processing").path("partitionsOwned").asInt());
                    n.put("changelogBytes", after.get(i).path("cluster").path("state").path("bytesSaved").asLong()
                            - before.get(i).path("cluster").path("state").path("bytesSaved").asLong());
                    n.put("carsHeld", after.get(i).path("cluster").path("state").path("carsHeld").asLong());
                }
                n.put("heapUsedMb", after.get(i).path("jvm").path("heapUsedMb").asLong());
                perNode.add(n);
            }
            m.put("cpuSeconds", Math.round(cpu * 10) / 10.0);
            m.put("cpuMicrosPerMessage", Math.round(1e6 * cpu / Math.max(1, processed)));
            if (clustered && kafkaCpuBefore >= 0) {
                double k = kafkaCpu() - kafkaCpuBefore;
                m.put("kafkaCpuSeconds", Math.round(k * 10) / 10.0);
                m.put("kafkaCpuMicrosPerMessage", Math.round(1e6 * k / Math.max(1, processed)));
            }
            m.put("nodes", perNode);
            if (clustered) {
                m.put("restoreOnJoin", joinAndRestore(engines, db, prefix, folders));
            }
            return m;
        } finally {
            for (EngineJvm e : engines) {
                e.close();
                running.remove(e);
            }
            folders.forEach(Folders::deleteQuietly);
        }
    }

    /**
     * One more node joins the cluster that holds the bench's cars: it takes some partitions and restores their cars
     * from the changelog; returns how many cars, how many bytes and how long.
     */
    private Map<String, Object> joinAndRestore(List<EngineJvm> engines, String db, String prefix, List<Path> folders)
            throws Exception {
        Path data = Files.createTempDirectory("telematics-bench-cluster-");
        folders.add(data);
        EngineJvm joiner = EngineJvm.start(List.of("-Xmx" + engineHeap, "-XX:+UseParallelGC"), FreePort.find(),
                FreePort.find(), data, data.resolve("engine.log"), List.of("--jdbc-url", db, "--kafka", kafka,
                        "--node-id", "joiner", "--kafka-topic-prefix", prefix, "--kafka-partitions", Integer.toString(partitions)));
        engines.add(joiner);
        running.add(joiner);
        joiner.awaitHealthy(Duration.ofSeconds(90));
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode state = null;
        while (System.nanoTime() < end) {
            JsonNode s = mapper.readTree(joiner.get("/api/stats").body()).path("cluster");
            if (s.path("processing").path("partitionsOwned").asInt() > 0 && s.path("state").path("vehiclesRestored").asLong() > 0) {
                state = s.path("state");
                break;
            }
            LockSupport.parkNanos(200_000_000);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        if (state == null) {
            r.put("error", "the joining node restored no cars within 90 s");
            return r;
        }
        long cars = state.path("lastRestoreVehicles").asLong();
        long bytes = state.path("bytesRestored").asLong();
        long ms = Math.max(1, state.path("lastRestoreMs").asLong());
        r.put("cars", cars);
        r.put("bytes", bytes);
        r.put("bytesPerCar", cars == 0 ? 0 : bytes / cars);
        r.put("millis", ms);
        r.put("carsPerSecond", Math.round(cars * 1000.0 / ms));
        return r;
    }

    /** Messages handled: the single node's processed (and refused as bad input); the cluster's records consumed. */
    private static long handled(List<JsonNode> stats, boolean clustered) {
        return stats.stream().mapToLong(s -> nodeHandled(s, clustered)).sum();
    }

    private static long nodeHandled(JsonNode s, boolean clustered) {
        if (clustered) {
            return s.path("cluster").path("processing").path("records").asLong();
        }
        JsonNode in = s.path("ingest");
        return in.path("processed").asLong() + in.path("rejected").asLong()
                - in.path("rejectedByReason").path("OVERLOADED").asLong();
    }

    private List<JsonNode> stats(List<EngineJvm> engines) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (EngineJvm e : engines) {
            out.add(mapper.readTree(e.get("/api/stats").body()));
        }
        return out;
    }

    /** Waits until everything acknowledged is handled (and no lag), or nothing moved for 2 s (60 s at most). */
    private long awaitDrained(List<EngineJvm> engines, boolean clustered, long acknowledged, long before) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            List<JsonNode> s = stats(engines);
            long done = handled(s, clustered) - before;
            long lag = clustered ? s.stream().mapToLong(n -> n.path("cluster").path("processing").path("consumerLag")
                    .asLong()).sum() : s.get(0).path("backlog").asLong();
            long now = System.nanoTime();
            if (done != last) {
                last = done;
                lastChange = now;
            }
            if (done >= acknowledged && lag == 0 || now - lastChange > 2_000_000_000L || now > end) {
                return lastChange;
            }
            LockSupport.parkNanos(50_000_000);
        }
    }

    private void awaitAssigned(List<EngineJvm> engines) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            int owned = 0;
            for (JsonNode s : stats(engines)) {
                owned += s.path("cluster").path("processing").path("partitionsOwned").asInt();
            }
            if (owned == partitions) {
                return;
            }
            LockSupport.parkNanos(200_000_000);
        }
        throw new EngineException(ErrorCode.SERVICE_UNAVAILABLE, "the nodes did not take all " + partitions
                + " partitions within 60 s");
    }

    /** The Kafka broker's CPU seconds so far, or -1 without its pid. */
    private double kafkaCpu() {
        if (kafkaPidFile == null) {
            return -1;
        }
        try {
            long pid = Long.parseLong(Files.readString(kafkaPidFile).trim());
            return ProcessHandle.of(pid).map(BenchCommand::cpuSeconds).orElse(-1.0);
        } catch (Exception e) {
            return -1;
        }
    }

    private String freshSchema() throws Exception {
        String schema = "bench" + System.nanoTime();
        try (CaseDatabase admin = CaseDatabase.open(jdbcUrl, null, null);
             Connection c = admin.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}

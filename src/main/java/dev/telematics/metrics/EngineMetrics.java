package dev.telematics.metrics;

import dev.telematics.archive.Archive;
import dev.telematics.cases.CaseStatus;
import dev.telematics.ingest.IngestStats;
import dev.telematics.topic.MessageKind;
import dev.telematics.handoff.RejectReason;
import dev.telematics.timing.LatencyBuckets;
import io.micrometer.core.instrument.FunctionCounter;
import dev.telematics.cluster.ClusterNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's figures as Prometheus metrics (Micrometer), served at {@code GET /metrics}: messages in by
 * topic kind, rejects by reason, rule evaluations and firings by rule, cases by state, owner warnings,
 * per-stage latency (a histogram in seconds, {@code telematics_latency_seconds}), queue depth, archive writes, retries and drops, broker connections and refusals,
 * remote commands, and the JVM. Meters read the engine's own counters when scraped: the hot path does
 * no extra work for them. Every name passes {@code promtool check metrics}, and every figure is a counter, gauge or
 * histogram that adds up over nodes (no quantiles).
 *
 * <p>Thread-safe; {@link #scrape()} runs on HTTP threads.
 */
public final class EngineMetrics implements AutoCloseable {
    /** Cases by state come from one query; scrapes within this time reuse its answer. */
    private static final long CASES_TTL_NANOS = 10_000_000_000L;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private volatile long casesReadAt = System.nanoTime() - CASES_TTL_NANOS;
    private final LongAdder casesReadFailures = new LongAdder();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Sources sources;
    private final Set<String> firingRules = ConcurrentHashMap.newKeySet();
    private volatile Map<CaseStatus, Long> casesByStatus = Map.of();
    private static final String LATENCY = "telematics_latency_seconds";
    private static final String BROKER = "broker";
    private static final String SECURITY = "mqttSecurity";
    private static final String COMMANDS = "remoteCommands";
    private static final String ARCHIVE = "archive";
    /** The broker's, security's, remote commands' and archive's figures, each read once per scrape. */
    private volatile Map<String, Map<String, Object>> snapshots = Map.of();

    /** Where the figures come from; each supplier is cheap except {@code casesByStatus} (one query per scrape). */
    public record Sources(IngestStats ingest, Supplier<Long> ruleEvaluations, Supplier<Map<String, Long>> firingsByRule,
                          Supplier<Map<CaseStatus, Long>> casesByStatus, Supplier<Long> warningsPublished,
                          Supplier<Long> warningsFailed, Supplier<Long> warningReminders, Supplier<Long> backlog,
                          Supplier<Map<String, LatencyBuckets.Snapshot>> latencyBuckets, Archive archive,
                          Supplier<Map<String, Object>> broker, Supplier<Map<String, Object>> mqttSecurity,
                          Supplier<Map<String, Object>> remoteCommands, Supplier<ClusterNode.Metrics> cluster) {
    }

    /** The edge's reasons for refusing a car's message because Kafka did not take it (cluster mode). */
    private static final List<String> LOG_REFUSALS = List.of("timeout", "not_enough_replicas", "too_large",
            "kafka_error", "queue_full", "stopping");
    private volatile ClusterNode.Metrics cluster;

    public EngineMetrics(Sources sources) {
        this.sources = sources;
        promtoolClean(registry);
        IngestStats in = sources.ingest();
        for (MessageKind k : MessageKind.values()) {
            if (k == MessageKind.COMMAND_RESPONSE) {
                continue; // the broker hands command answers to the remote commands: see telematics.remote.commands
            }
            FunctionCounter.builder("telematics.messages.received", in, s -> s.receivedCount(k))
                    .tag("kind", k.suffix()).description("vehicle and owner-app messages taken from the broker, by topic kind")
                    .register(registry);
        }
        counter("telematics.messages.processed", in, IngestStats::processedCount, "messages processed");
        for (RejectReason r : RejectReason.values()) {
            FunctionCounter.builder("telematics.messages.rejected", in, s -> s.rejectedCount(r)).tag("reason", r.name())
                    .description("messages rejected, by reason").register(registry);
        }
        counter("telematics.samples.accepted", in, IngestStats::samplesCount, "telemetry samples applied");
        counter("telematics.rule.evaluations", sources, s -> s.ruleEvaluations().get(), "rule evaluations");
        for (CaseStatus st : CaseStatus.values()) {
            Gauge.builder("telematics.cases", this, m -> m.casesByStatus.getOrDefault(st, 0L)).tag("status", st.name())
                    .description("diagnostic cases by workflow state").register(registry);
        }
        counter("telematics.warnings.published", sources, s -> s.warningsPublished().get(),
                "owner warnings taken by the broker for delivery");
        counter("telematics.warnings.failed", sources, s -> s.warningsFailed().get(), "owner warnings the broker did not take");
        counter("telematics.warnings.reminders", sources, s -> s.warningReminders().get(), "owner reminders sent");
        Gauge.builder("telematics.ingest.backlog", sources, s -> s.backlog().get())
                .description("messages waiting in the ingest workers' queues").register(registry);
        counter("telematics.archive.points.offered", this, figure(ARCHIVE, "pointsOffered"), "points offered to the archive");
        counter("telematics.archive.points.written", this, figure(ARCHIVE, "pointsWritten"), "points written");
        counter("telematics.archive.points.dropped", this, figure(ARCHIVE, "pointsDropped"),
                "points dropped (buffer full, or left at stop)");
        counter("telematics.archive.points.rejected", this, figure(ARCHIVE, "pointsRejectedByServer"),
                "points the server refused as malformed");
        counter("telematics.archive.write.retries", this, figure(ARCHIVE, "writeRetries"), "write retries");
        Gauge.builder("telematics.archive.points.buffered", this, figure(ARCHIVE, "pointsBuffered"))
                .description("points waiting to be written").register(registry);
        Gauge.builder("telematics.broker.connections", this, figure(BROKER, "connectedClients"))
                .description("open MQTT connections").register(registry);
        counter("telematics.broker.publishes.rate.limited", this, figure(BROKER, "publishesRefusedRateLimit"),
                "publishes refused by the per-client rate limit");
        counter("telematics.broker.publishes.overloaded", this, figure(BROKER, "publishesRefusedOverloaded"),
                "publishes refused while the engine was overloaded");
        for (String k : new String[] {"refusedConnects", "refusedPublishes", "refusedSubscriptions"}) {
            FunctionCounter.builder("telematics.mqtt.security.refused", this, figure(SECURITY, k))
                    .tag("what", k.replace("refused", "").toLowerCase(Locale.ROOT))
                    .description("MQTT connects, publishes and subscriptions refused by the security checks")
                    .register(registry);
        }
        for (String k : new String[] {"sent", "answered", "refusedByCar", "timedOut", "sendFailed",
            "refusedWithoutConsent", "discardedConsentWithdrawn", "unmatchedAnswers", "lateAnswers", "invalidAnswers"}) {
            FunctionCounter.builder("telematics.remote.commands", this, figure(COMMANDS, k))
                    .tag("outcome", k).description("remote diagnostic commands").register(registry);
        }
        if (sources.cluster() != null) {
            clusterMeters(sources.cluster().get());
        }
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        FunctionCounter.builder("telematics.metrics.case.read.failures", casesReadFailures, LongAdder::sum)
                .description("scrapes that could not read the cases by state (the last figures are kept)")
                .register(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        registry.getPrometheusRegistry().register(new Collector() {
            @Override
            public MetricSnapshot collect() {
                return latencyHistogram();
            }

            @Override
            public String getPrometheusName() {
                return LATENCY;
            }
        });
    }

    /**
     * A cluster node's figures (only in cluster mode): gauges of this node (partitions it owns, its consumer lag,
     * its last state restore, the warnings parked in the cluster now) and counters that add up over nodes.
     */
    private void clusterMeters(ClusterNode.Metrics first) {
        cluster = first;
        Gauge.builder("telematics.cluster.node.info", () -> 1).tag("node", first.nodeId())
                .description("1 for each engine node in cluster mode, labelled with its node id").register(registry);
        Gauge.builder("telematics.cluster.partitions.owned", this, m -> m.cluster.partitionsOwned())
                .description("inbound partitions this node processes now").register(registry);
        Gauge.builder("telematics.cluster.consumer.lag.records", this, m -> m.cluster.consumerLag())
                .description("inbound records not yet processed on this node's partitions").register(registry);
        Gauge.builder("telematics.cluster.state.restore.seconds", this, m -> m.cluster.lastRestoreSeconds())
                .description("duration of this node's latest partition state restore, in seconds").register(registry);
        counter("telematics.cluster.state.restored.vehicles", this, m -> m.cluster.vehiclesRestored(),
                "cars whose state this node restored from the changelog");
        counter("telematics.cluster.changelog.bytes", this, m -> m.cluster.changelogBytes(),
                "bytes of car state this node wrote to the changelog");
        String downlink = "owner warnings routed to the node holding the vehicle, parked for an offline one, "
                + "delivered by this node's broker";
        FunctionCounter.builder("telematics.downlink", this, m -> m.cluster.downlinkRouted()).tag("result", "routed")
                .description(downlink).register(registry);
        FunctionCounter.builder("telematics.downlink", this, m -> m.cluster.downlinkParked()).tag("result", "parked")
                .description(downlink).register(registry);
        FunctionCounter.builder("telematics.downlink", this, m -> m.cluster.downlinkDelivered()).tag("result", "delivered")
                .description(downlink).register(registry);
        Gauge.builder("telematics.downlink.parked", this, m -> m.cluster.parkedNow())
                .description("owner warnings waiting in the cluster for an offline vehicle now").register(registry);
        for (String reason : LOG_REFUSALS) {
            FunctionCounter.builder("telematics.edge.log.refusals", this,
                    m -> m.cluster.edgeRefusals().getOrDefault(reason, 0L)).tag("reason", reason)
                    .description("car messages refused because Kafka did not take them").register(registry);
        }
    }

    /**
     * Micrometer's processor meters break Prometheus' naming rules ({@code promtool check metrics}): the process CPU
     * time in nanoseconds becomes {@code process_cpu_seconds_total} (the Prometheus clients' name), the number of
     * processors {@code system_cpus} (a gauge may not end in {@code _count}).
     */
    private static void promtoolClean(PrometheusMeterRegistry registry) {
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        });
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getProcessCpuTime() >= 0) {
            FunctionCounter.builder("process.cpu.seconds", os, o -> o.getProcessCpuTime() / 1e9)
                    .description("CPU time used by the engine's JVM process, in seconds").register(registry);
        }
    }

    private <T> void counter(String name, T source, ToDoubleFunction<T> f, String description) {
        FunctionCounter.builder(name, source, f).description(description).register(registry);
    }

    /** Reads {@code key} of the {@code group}'s snapshot taken at the start of this scrape. */
    private static ToDoubleFunction<EngineMetrics> figure(String group, String key) {
        return m -> number(m.snapshots.getOrDefault(group, Map.of()), key);
    }

    private static double number(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : 0;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    /** The Prometheus text exposition of every meter, fresh (cases by state: at most 10 s old). */
    public String scrape() {
        refresh();
        return registry.scrape();
    }

    /** Reads the figures that need a query or have open-ended labels (rules that fired, latency stages). */
    private void refresh() {
        if (sources.cluster() != null) {
            cluster = sources.cluster().get();
        }
        snapshots = Map.of(BROKER, sources.broker().get(), SECURITY, sources.mqttSecurity().get(),
                COMMANDS, sources.remoteCommands().get(), ARCHIVE, sources.archive().snapshot());
        if (System.nanoTime() - casesReadAt >= CASES_TTL_NANOS) {
            casesReadAt = System.nanoTime();
            try {
                casesByStatus = sources.casesByStatus().get();
            } catch (RuntimeException e) { // the case database is down: every other figure still counts now
                casesReadFailures.increment();
            }
        }
        Map<String, Long> firings = sources.firingsByRule().get();
        for (String rule : firings.keySet()) {
            if (firingRules.add(rule)) {
                FunctionCounter.builder("telematics.rule.firings", sources,
                        s -> s.firingsByRule().get().getOrDefault(rule, 0L)).tag("rule", rule)
                        .description("rule firings, by rule").register(registry);
            }
        }
    }

    /** Each stage's latency as one Prometheus histogram in seconds, read when scraped. */
    private HistogramSnapshot latencyHistogram() {
        HistogramSnapshot.Builder h = HistogramSnapshot.builder().name(LATENCY).unit(Unit.SECONDS)
                .help("per-stage latency in seconds since start, by stage");
        for (Map.Entry<String, LatencyBuckets.Snapshot> stage : sources.latencyBuckets().get().entrySet()) {
            LatencyBuckets.Snapshot b = stage.getValue();
            long[] cumulative = b.counts();
            long[] perBucket = new long[cumulative.length];
            for (int i = 0; i < cumulative.length; i++) {
                perBucket[i] = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
            }
            h.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(b.upperBounds(), perBucket))
                    .sum(b.sumSeconds()).labels(Labels.of("stage", stage.getKey())).build());
        }
        return h.build();
    }
}

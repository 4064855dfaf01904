package dev.telematics.metrics;

import dev.telematics.archive.Archive;
import dev.telematics.cases.CaseStatus;
import dev.telematics.ingest.IngestStats;
import dev.telematics.topic.MessageKind;
import dev.telematics.handoff.RejectReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
 * per-stage latency, queue depth, archive writes, retries and drops, broker connections and refusals,
 * remote commands, and the JVM. Meters read the engine's own counters when scraped: the hot path does
 * no extra work for them.
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
    private final Set<String> stages = ConcurrentHashMap.newKeySet();
    private volatile Map<CaseStatus, Long> casesByStatus = Map.of();
    private volatile Map<String, Map<String, Object>> latencies = Map.of();
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
                          Supplier<Map<String, Map<String, Object>>> latencies, Archive archive,
                          Supplier<Map<String, Object>> broker, Supplier<Map<String, Object>> mqttSecurity,
                          Supplier<Map<String, Object>> remoteCommands) {
    }

    public EngineMetrics(Sources sources) {
        this.sources = sources;
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
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        FunctionCounter.builder("telematics.metrics.case.read.failures", casesReadFailures, LongAdder::sum)
                .description("scrapes that could not read the cases by state (the last figures are kept)")
                .register(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
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
        latencies = sources.latencies().get();
        for (Map.Entry<String, Map<String, Object>> stage : latencies.entrySet()) {
            if (stages.add(stage.getKey())) {
                for (String q : new String[] {"p50", "p95", "p99", "max"}) {
                    String name = stage.getKey();
                    Gauge.builder("telematics.latency.ms", this, m -> number(m.latencies.getOrDefault(name, Map.of()), q))
                            .tag("stage", name).tag("quantile", q)
                            .description("per-stage latency in milliseconds since start or the last reset").register(registry);
                }
            }
        }
    }
}

package dev.telematics.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.api.ApiServer;
import dev.telematics.api.HealthCheck;
import dev.telematics.archive.Archive;
import dev.telematics.broker.BrokerConfig;
import dev.telematics.metrics.EngineMetrics;
import dev.telematics.broker.BrokerPublisher;
import dev.telematics.broker.EmbeddedBroker;
import dev.telematics.broker.CommandResponseSink;
import dev.telematics.cluster.ClusterConfig;
import dev.telematics.cluster.ClusterNode;
import dev.telematics.handoff.CommandChannel;
import dev.telematics.handoff.ConnectionListener;
import dev.telematics.handoff.DownlinkChannel;
import dev.telematics.cases.CaseListener;
import dev.telematics.cases.CaseEvent;
import dev.telematics.cases.CaseIntake;
import dev.telematics.cases.CaseUpdates;
import dev.telematics.cases.CaseWorkflow;
import dev.telematics.cases.Cases;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.cases.SlaChecks;
import dev.telematics.cases.WorkOrders;
import dev.telematics.cases.ServiceCenterConfig;
import dev.telematics.cases.SlaMonitor;
import dev.telematics.config.Json;
import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.ingest.DtcDecoder;
import dev.telematics.delivery.CaseWarnedRecorder;
import dev.telematics.delivery.OwnerWarningDelivery;
import dev.telematics.handoff.Outcome;
import dev.telematics.ingest.EdgeIntake;
import dev.telematics.ingest.MessageDecoding;
import dev.telematics.ingest.IngestStats;
import dev.telematics.notify.WarningPolicy;
import dev.telematics.processing.CaseStage;
import dev.telematics.processing.DiagnosisStage;
import dev.telematics.processing.InProcessTier;
import dev.telematics.processing.OutputStage;
import dev.telematics.processing.VehicleProcessor;
import dev.telematics.processing.WarningStage;
import dev.telematics.state.VehicleSnapshots;
import dev.telematics.predict.FleetStatistics;
import dev.telematics.ingest.RejectionLog;
import dev.telematics.ingest.TelemetryDecoder;
import dev.telematics.ingest.TimestampPolicy;
import dev.telematics.error.EngineException;
import dev.telematics.error.Causes;
import dev.telematics.error.ErrorCode;
import dev.telematics.ingest.OwnerAppDecoder;
import dev.telematics.notify.OwnerMessages;
import dev.telematics.notify.OwnerNotifier;
import dev.telematics.consent.OwnerConsent;
import dev.telematics.remote.RemoteCommands;
import dev.telematics.security.ApiTokens;
import dev.telematics.security.MqttSecurity;
import dev.telematics.handoff.OwnerWarning;
import dev.telematics.rules.RuleEngine;
import dev.telematics.rules.RuleLoader;
import dev.telematics.rules.RuleReloader;
import dev.telematics.timing.LatencyBuckets;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.VehicleRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.telematics.vehicle.VehicleState;
import dev.telematics.vehicle.Vin;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every stage of the engine from an {@link EngineConfig} and wires them
 * with constructor injection. Nothing else creates services.
 *
 * <p>Lifecycle: {@link Builder#build()} loads the rules (a broken rules file fails here, naming the
 * file and line), {@link #start()} starts workers, broker and HTTP API, {@link #close()} stops them.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final long MQTT_MAX_PACKET = 268_435_460L;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);
    private static final int WARNING_ATTEMPTS = 3;
    private static final Duration WARNING_RETRY_AFTER = Duration.ofSeconds(1);
    private final EngineConfig config;
    private final IngestStats ingestStats;
    private final InProcessTier processing;
    private final EdgeIntake intake;
    private final OwnerWarningDelivery delivery;
    private final VehicleProcessor processor;
    private final EmbeddedBroker broker;
    private final RuleEngine rules;
    private final Cases cases;
    private final SlaMonitor slaMonitor;
    private final MqttSecurity security;
    private final OwnerNotifier notifier;
    private final VehicleRegistry vehicles;
    private final ApiServer api;
    private final RuleReloader reloader;
    private final RemoteCommands commands;
    private final OwnerConsent ownerConsent;
    private final ApiTokens apiTokens;
    private final Archive archive;
    private final EngineMetrics metrics;
    private final VehicleSnapshots snapshots;
    private final ClusterNode cluster;
    private final BrokerPublisher publisher;
    private volatile boolean ready;

    private Engine(Builder b) {
        EngineConfig config = b.config;
        Clock clock = b.clock;
        this.config = config;
        ObjectMapper json = Json.newMapper();
        SignalCatalog signals = SignalCatalog.standard();
        RuleLoader ruleLoader = new RuleLoader(signals);
        FleetStatistics fleet = new FleetStatistics();
        this.rules = new RuleEngine(ruleLoader.loadDirectory(config.rulesDir()), KnowledgeBase.load(config.rulesDir()),
                fleet);
        this.reloader = new RuleReloader(config.rulesDir(), rules, ruleLoader::loadDirectory, clock);
        this.ingestStats = new IngestStats();
        this.vehicles = new VehicleRegistry(config.history().capacity(), config.history().window());
        ServiceCenterConfig center = b.center;
        this.archive = b.archive;
        Archive archived = b.archive;
        CaseUpdates updates = new CaseUpdates(b.database.cases(), clock, b.caseListener.andThen(new CaseListener() {
            @Override
            public void eventsAdded(DiagnosticCase c, List<CaseEvent> added) {
                archived.caseEvents(c, added);
            }
        }));
        CaseIntake caseIntake = new CaseIntake(updates, center);
        CaseWorkflow workflow = new CaseWorkflow(updates, center, new WorkOrders());
        SlaChecks sla = new SlaChecks(updates);
        this.cases = new Cases(caseIntake, workflow, sla);
        this.slaMonitor = new SlaMonitor(sla, center.slaCheckEvery());
        TimestampPolicy timestamps = new TimestampPolicy(config.ingest().maxClockSkew().toMillis(),
                config.ingest().maxSampleAge().toMillis());
        BrokerPublisher publisher = new BrokerPublisher();
        this.publisher = publisher;
        // cluster mode: the hand-offs between the tiers go through Kafka; cases and the rest in the shared PostgreSQL
        this.cluster = b.cluster == null ? null : joinCluster(b);
        DownlinkChannel downlink = cluster != null ? cluster.downlink() : publisher;
        CommandChannel commandChannel = cluster != null ? cluster.commands() : publisher;
        this.notifier = new OwnerNotifier(new WarningPolicy(center.ownerReminderAfter()), clock,
                OwnerMessages.load(config.rulesDir()), b.database.ownerSettings());
        this.delivery = new OwnerWarningDelivery(downlink, json, clock, new CaseWarnedRecorder(workflow), b.warningListener,
                WARNING_ATTEMPTS, WARNING_RETRY_AFTER);
        this.commands = new RemoteCommands(workflow, b.database.consents(), commandChannel, json, clock, b.commandTimeout);
        this.ownerConsent = new OwnerConsent(b.database.consents(), workflow, clock);
        // processing: vehicle state, rules, then each firing through diagnosis, case, warning and output
        this.processor = new VehicleProcessor(vehicles, rules, new DiagnosisStage(rules::knowledge, config.evidence()),
                new CaseStage(caseIntake, ingestStats), new WarningStage(notifier), new OutputStage(delivery, b.archive),
                workflow, b.database.ownerSettings(), ownerConsent, b.archive, ingestStats, clock);
        this.processing = new InProcessTier(processor, config.ingest().workers(), config.ingest().queueCapacity());
        this.snapshots = new VehicleSnapshots(b.database.vehicleStates(), vehicles, rules::rules, fleet,
                processing::onEachWorker, new VehicleSnapshots.Settings(config.history().snapshotEvery(),
                config.history().capacity(), config.history().window()), clock);
        // edge: topic, VIN and size checks and decoding on the broker's threads, then the hand-off to processing
        MessageDecoding decoding = new MessageDecoding(new TelemetryDecoder(json, signals, ingestStats, timestamps),
                new DtcDecoder(json, ingestStats, timestamps), new OwnerAppDecoder(json));
        RejectionLog rejectionLog = new RejectionLog(clock, 10_000);
        CommandResponseSink answers = commands::onResponse;
        if (cluster == null) {
            this.intake = new EdgeIntake(decoding, processing, ingestStats, rejectionLog, clock,
                    config.ingest().maxPayloadBytes());
        } else {
            this.intake = new EdgeIntake(decoding, cluster.inboundLog(), ingestStats, rejectionLog, clock,
                    config.ingest().maxPayloadBytes());
            // the processing node decodes a logged message again, as the edge did (its own counters: not the edge's)
            IngestStats replayStats = new IngestStats();
            cluster.processing(new MessageDecoding(new TelemetryDecoder(json, signals, replayStats, timestamps),
                    new DtcDecoder(json, replayStats, timestamps), new OwnerAppDecoder(json)), processing, vehicles,
                    rules::rules, config.history().capacity(), config.history().window());
            answers = cluster.commandAnswers(commands::onResponse, commands::waitsFor);
        }
        // the broker takes packets well above the engine's payload limit, so that the engine can reject
        // and count an oversized message instead of the broker cutting the car's connection
        int maxPacket = (int) Math.min(MQTT_MAX_PACKET, Math.max(1L << 20, 4L * config.ingest().maxPayloadBytes()));
        this.security = config.security() ? new MqttSecurity(b.database.credentials(),
                config.mqtt().maxConnectionsPerOwnerApp()) : null;
        this.apiTokens = config.security() ? (b.apiTokens != null ? b.apiTokens : ApiTokens.ephemeral(clock)) : null;
        this.broker = new EmbeddedBroker(brokerConfig(config, maxPacket),
                config.bareBroker() ? this::countOnly : this.intake::accept,
                publisher, security, answers, cluster != null ? cluster.connections() : ConnectionListener.NONE);
        this.metrics = new EngineMetrics(new EngineMetrics.Sources(ingestStats, rules::evaluations, rules::firings,
                workflow::countByStatus, delivery::published, delivery::failed, notifier::reminders, processing::backlog,
                this::latencyBuckets, archive, () -> broker.stats().snapshot(),
                () -> security == null ? Map.of() : security.snapshot(), commands::snapshot,
                cluster == null ? null : cluster::metrics));
        this.api = new ApiServer(json, workflow, this::statsSnapshot, this::rulesSnapshot,
                new HealthCheck(this::isReady, processing::backlog, config.http().maxBacklog()),
                this::resetLatencies, apiTokens, commands, b.database.consents(), metrics::scrape, this::vehicleState,
                cluster == null ? "single" : cluster.config().nodeId(), clock);
    }

    /** This node in a cluster; refused without a database that all nodes share (PostgreSQL). */
    private static ClusterNode joinCluster(Builder b) {
        if (!b.database.shared()) {
            throw new EngineException(ErrorCode.CONFIG_INVALID, "cluster mode (--kafka) needs the PostgreSQL database "
                    + "that all nodes share (--jdbc-url jdbc:postgresql://...): cases, consent, credentials and owner "
                    + "settings must be the same on every node; this node has " + b.database.description());
        }
        return new ClusterNode(b.cluster, b.database.dataSource(), b.clock);
    }

    /** The broker's settings from the engine's. */
    private static BrokerConfig brokerConfig(EngineConfig config, int maxPacket) {
        EngineConfig.Mqtt mqtt = config.mqtt();
        return new BrokerConfig(mqtt.host(), mqtt.port(), mqtt.receiveMaximum(), maxPacket, 10_000,
                mqtt.maxMessagesPerSecond(), mqtt.tls(), mqtt.maxConnections(), config.ingest().ackTimeout(),
                mqtt.connectTimeout());
    }

    public static Builder builder(EngineConfig config) {
        return new Builder(config);
    }

    /**
     * Starts workers, HTTP API and broker; the future completes when the engine is ready (GET /health
     * = 200). If anything fails to start, everything started is stopped again and the future fails
     * with an {@link EngineException} (CONFIG_INVALID) that says what could not start.
     */
    public CompletableFuture<Engine> start() {
        archive.start();
        try {
            if (cluster == null) { // in a cluster each partition's cars are restored from Kafka when a node takes it
                snapshots.restore(); // before the workers run and the broker accepts connections
            }
        } catch (RuntimeException e) { // starting without it would overwrite saved state with fresh state
            archive.close();
            return CompletableFuture.failedFuture(new EngineException(ErrorCode.CONFIG_INVALID,
                    "cannot restore vehicle state: " + Causes.rootMessage(e), e));
        }
        processing.start();
        if (cluster != null) {
            try {
                cluster.start(publisher);
            } catch (RuntimeException e) {
                cluster.close();
                processing.close();
                archive.close();
                return CompletableFuture.failedFuture(new EngineException(ErrorCode.CONFIG_INVALID,
                        "cannot join the cluster on Kafka " + cluster.config().bootstrap() + ": " + Causes.rootMessage(e), e));
            }
        }
        try {
            api.start(config.http().host(), config.http().port());
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            }
            processing.close();
            archive.close();
            return CompletableFuture.failedFuture(new EngineException(ErrorCode.CONFIG_INVALID,
                    "cannot start the HTTP API on " + config.http().host() + ":" + config.http().port() + ": "
                            + Causes.rootMessage(e), e));
        }
        // handled off HiveMQ's state-change thread: stopping the broker from that thread would deadlock
        return broker.start().handleAsync((v, err) -> {
            if (err != null) {
                close();
                throw new EngineException(ErrorCode.CONFIG_INVALID, "cannot start the MQTT broker on "
                        + config.mqtt().host() + ":" + config.mqtt().port() + ": " + Causes.rootMessage(err), err);
            }
            ready = true;
            if (cluster == null) {
                snapshots.start();
            }
            reloader.start();
            slaMonitor.start();
            commands.start();
            LOG.info("engine ready: MQTT {}:{}, HTTP {}:{}, {} rules from {}", config.mqtt().host(),
                    config.mqtt().port(), config.http().host(), api.port(), rules.rules().size(), config.rulesDir());
            if (archive == Archive.OFF) {
                LOG.info("telemetry archive is off (no --influx-url): samples, alerts and case events are not archived");
            }
            if (security == null) {
                LOG.warn("security is OFF: any MQTT client may connect and use any vehicle's topics, and the HTTP API "
                        + "takes requests without a token");
            }
            return this;
        });
    }


    /** Bare-broker benchmark mode: the broker hands the message over and the engine only counts it. */
    private CompletableFuture<Outcome> countOnly(String topic, byte[] payload) {
        ingestStats.receivedOnly();
        return PROCESSED;
    }

    private static final CompletableFuture<Outcome> PROCESSED = CompletableFuture.completedFuture(Outcome.PROCESSED);

    /** The running rules and the outcome of the latest hot reload, for GET /api/rules. */
    public Map<String, Object> rulesSnapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("folder", config.rulesDir().toString());
        m.put("lastReload", reloader.status());
        m.put("knowledgeBaseEntries", rules.knowledge().entries().size());
        m.put("rules", rules.rules().all().stream().map(r -> Map.of("id", r.id(), "kind", r.meta().kind(),
                "severity", r.meta().severity().label(), "opensCase", r.meta().opensCase(),
                "description", r.meta().description(), "source", r.meta().source())).toList());
        return m;
    }

    /** Vehicle state snapshots: restored at start, saved periodically and at shutdown. */
    public VehicleSnapshots snapshots() {
        return snapshots;
    }

    public RuleReloader reloader() {
        return reloader;
    }

    /**
     * One car's state as processing holds it, read on the car's own worker: messages applied, latest car time and
     * sequence number, its latest signals with their recent history. Empty when no state of the car is held here
     * (in a cluster: another node owns its partition). Waits for the worker (up to 10 s); call off the broker's threads.
     */
    public Optional<Map<String, Object>> vehicleState(Vin vin) {
        CompletableFuture<Map<String, Object>> found = new CompletableFuture<>();
        CompletableFuture<Void> done = processing.onEachWorker(owns -> {
            if (owns.test(vin)) {
                VehicleState s = vehicles.find(vin);
                if (s != null) {
                    found.complete(VehicleStateView.of(s));
                }
            }
        });
        try {
            done.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new EngineException(ErrorCode.SERVICE_UNAVAILABLE, "the processing workers did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(ErrorCode.SERVICE_UNAVAILABLE, "interrupted");
        }
        return Optional.ofNullable(found.getNow(null));
    }

    /** Figures for GET /api/stats and reports. */
    public Map<String, Object> statsSnapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ingest", ingestStats.snapshot());
        m.put("backlog", processing.backlog());
        m.put("processingShare", processing.share());
        m.put("vehicles", vehicles.size());
        m.put("rules", rules.rules().size());
        m.put("ruleEvaluations", rules.evaluations());
        m.put("firingsByRule", rules.firings());
        m.put("casesByStatus", cases.workflow().countByStatus());
        m.put("ownerAcks", cases.workflow().ownerAcks());
        m.put("warningsPublished", delivery.published());
        m.put("warningReminders", notifier.reminders());
        m.put("warningsFailed", delivery.failed());
        m.put("warningDelivery", delivery.snapshot());
        m.put("warningsSuppressed", notifier.suppressed());
        m.put("latency", latencies());
        m.put("broker", broker.stats().snapshot());
        m.put("mqttSecurity", security == null ? Map.of("enabled", false) : security.snapshot());
        m.put("remoteCommands", commands.snapshot());
        m.put("archive", archive.snapshot());
        m.put("vehicleState", cluster == null ? snapshots.stats() : Map.of("changelog", "see cluster.state"));
        if (cluster != null) {
            m.put("cluster", cluster.snapshot());
        }
        m.put("jvm", JvmStats.snapshot());
        return m;
    }

    /** Each stage's latency distribution (count, p50, p95, p99, max in ms). */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> latencies() {
        Map<String, Map<String, Object>> latency = new LinkedHashMap<>();
        processing.latencies().forEach((k, v) -> latency.put(k, (Map<String, Object>) v));
        latency.put("vehicleToProcessedMs", processor.vehicleToProcessed());
        latency.put("warningPublishMs", delivery.publishLatency());
        return latency;
    }

    /** Each stage's latency as cumulative buckets since start, for Prometheus. */
    private Map<String, LatencyBuckets.Snapshot> latencyBuckets() {
        Map<String, LatencyBuckets.Snapshot> m = new LinkedHashMap<>(processing.latencyBuckets());
        m.put("vehicle_to_processed", processor.vehicleToProcessedBuckets());
        m.put("warning_publish", delivery.publishLatencyBuckets());
        return m;
    }

    /** Forgets the latency distributions recorded so far (counters keep counting), e.g. after a warm-up. */
    public void resetLatencies() {
        processing.resetLatencies();
        processor.resetLatency();
        delivery.resetLatency();
    }

    /** Ready: broker up, rules loaded, every ingest worker alive. */
    public boolean isReady() {
        return ready && broker.running() && processing.healthy() && (cluster == null || cluster.healthy());
    }

    /** True when every message taken from the broker has been processed. */
    public boolean idle() {
        return processing.idle() && delivery.pending() == 0;
    }

    public long backlog() {
        return processing.backlog();
    }

    public EngineConfig config() {
        return config;
    }

    public int httpPort() {
        return api.port();
    }

    public int mqttPort() {
        return config.mqtt().port();
    }

    /** Intake, workflow and SLA checks of the cases. */
    public Cases cases() {
        return cases;
    }

    public IngestStats ingestStats() {
        return ingestStats;
    }

    public RuleEngine rules() {
        return rules;
    }

    /** Owner warnings handed to delivery: published, failed, retried, pending. */
    public OwnerWarningDelivery delivery() {
        return delivery;
    }

    public OwnerNotifier notifier() {
        return notifier;
    }

    public VehicleRegistry vehicles() {
        return vehicles;
    }

    public Archive archive() {
        return archive;
    }

    /** Takes in owners' remote-diagnostic decisions (the owner app's consent messages come through it). */
    public OwnerConsent ownerConsent() {
        return ownerConsent;
    }

    public RemoteCommands commands() {
        return commands;
    }

    /**
     * Disconnects the MQTT clients whose credential was provisioned again or removed since they
     * connected (the broker also does this every 30 s); returns how many.
     */
    public int revokeReplacedCredentials() {
        return broker.revokeReplacedCredentials();
    }

    /** Issues and verifies API tokens; null when security is off. */
    public ApiTokens apiTokens() {
        return apiTokens;
    }

    /**
     * Stops the engine: closes the HTTP API (no new technician requests), lets the processing tier finish
     * what it has queued while the broker can still acknowledge messages and deliver warnings (up to a few
     * seconds), lets delivery finish the warnings under way, then stops the broker, remote commands,
     * processing (anything still queued is refused, never acknowledged) and the archive (which writes what
     * it still holds, for up to a few seconds).
     */
    @Override
    public void close() {
        ready = false;
        reloader.close();
        slaMonitor.close();
        api.close();
        if (cluster != null) {
            closeClusterNode();
            return;
        }
        processing.drain(DRAIN_TIMEOUT);
        delivery.close(DRAIN_TIMEOUT);
        try {
            broker.stop().join();
        } finally {
            commands.close(); // after the broker: no answer arrives any more; what waits is settled
            snapshots.close(); // the last snapshot, on the drained workers, before the caller closes the database
            processing.close();
            metrics.close();
            archive.close(); // after the workers: what they archived is written (for up to 5 s)
        }
    }

    /**
     * A cluster node stops: the edge refuses new messages (what Kafka has is another node's work now), the broker
     * stops, the processing member takes its last checkpoint and leaves the group (its partitions move without a
     * replay), delivery finishes, then the rest.
     */
    private void closeClusterNode() {
        cluster.closeLog();
        try {
            broker.stop().join();
        } finally {
            cluster.closeProcessing(); // the workers still run: their last checkpoint is taken
            processing.drain(DRAIN_TIMEOUT);
            delivery.close(DRAIN_TIMEOUT);
            commands.close();
            cluster.close();
            processing.close();
            metrics.close();
            archive.close();
        }
    }

    /** This node's cluster membership; null on the single node. */
    public ClusterNode cluster() {
        return cluster;
    }

    /** Builds an engine; optional parts have defaults (system clock, in-memory database, no listeners). */
    public static final class Builder {
        private EngineConfig config;
        private Clock clock = Clock.systemUTC();
        private CaseListener caseListener = CaseListener.NONE;
        private Consumer<OwnerWarning> warningListener = w -> { };
        private ServiceCenterConfig center = ServiceCenterConfig.defaults();
        private EngineDatabase database = EngineDatabase.inMemory();
        private ApiTokens apiTokens;
        private Duration commandTimeout = Duration.ofSeconds(30);
        private Archive archive = Archive.OFF;
        private ClusterConfig cluster;

        private Builder(EngineConfig config) {
            this.config = config;
        }

        public EngineConfig config() {
            return config;
        }

        public Builder withConfig(EngineConfig c) {
            this.config = c;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /**
         * Where cases, owners' consent, owner settings and MQTT credentials are kept (default: in memory,
         * empty). The caller closes it after the engine.
         */
        public Builder database(EngineDatabase d) {
            this.database = d;
            return this;
        }

        /** SLA targets, technicians, skills (default: built-in targets, no technicians). */
        public Builder serviceCenter(ServiceCenterConfig c) {
            this.center = c;
            return this;
        }

        /** The API token key (default with security on: a random key in memory, see {@link Engine#apiTokens()}). */
        public Builder apiTokens(ApiTokens t) {
            this.apiTokens = t;
            return this;
        }

        /** Where telemetry, alerts and case events are archived (default: nowhere). The engine closes it. */
        public Builder archive(Archive a) {
            this.archive = a;
            return this;
        }

        /** How long a remote command waits for the car's answer (default 30 s; also its MQTT message expiry). */
        public Builder commandTimeout(Duration d) {
            this.commandTimeout = d;
            return this;
        }

        /** Joins a cluster on Kafka (default: none, the single node); needs a shared PostgreSQL {@link #database}. */
        public Builder cluster(ClusterConfig c) {
            this.cluster = c;
            return this;
        }

        public Builder caseListener(CaseListener l) {
            this.caseListener = l;
            return this;
        }

        /** Told of each owner warning the broker has taken (on a broker thread; must be quick). */
        public Builder warningListener(Consumer<OwnerWarning> l) {
            this.warningListener = l;
            return this;
        }

        public Engine build() {
            return new Engine(this);
        }
    }
}

package dev.telematics.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.api.ApiServer;
import dev.telematics.broker.BrokerConfig;
import dev.telematics.broker.BrokerPublisher;
import dev.telematics.broker.EmbeddedBroker;
import dev.telematics.cases.CaseListener;
import dev.telematics.cases.CaseService;
import dev.telematics.cases.CaseStore;
import dev.telematics.cases.InMemoryCaseStore;
import dev.telematics.config.Json;
import dev.telematics.ingest.DtcDecoder;
import dev.telematics.ingest.IngestPipeline;
import dev.telematics.ingest.IngestStats;
import dev.telematics.ingest.MessageHandler;
import dev.telematics.ingest.RejectionLog;
import dev.telematics.ingest.TelemetryDecoder;
import dev.telematics.notify.OwnerNotifier;
import dev.telematics.notify.OwnerWarning;
import dev.telematics.rules.RuleEngine;
import dev.telematics.rules.RuleLoader;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.VehicleRegistry;
import java.time.Clock;
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
    private final EngineConfig config;
    private final IngestStats ingestStats;
    private final IngestPipeline pipeline;
    private final EmbeddedBroker broker;
    private final RuleEngine rules;
    private final CaseService cases;
    private final OwnerNotifier notifier;
    private final VehicleRegistry vehicles;
    private final ApiServer api;
    private volatile boolean ready;

    private Engine(EngineConfig config, Clock clock, CaseStore store, CaseListener caseListener,
                   Consumer<OwnerWarning> warningListener) {
        this.config = config;
        ObjectMapper json = Json.newMapper();
        SignalCatalog signals = SignalCatalog.standard();
        this.rules = new RuleEngine(new RuleLoader(signals).loadDirectory(config.rulesDir()));
        this.ingestStats = new IngestStats();
        this.vehicles = new VehicleRegistry(config.historyCapacity(), config.historyWindow());
        this.cases = new CaseService(store, clock, caseListener);
        long skew = config.maxClockSkew().toMillis();
        BrokerPublisher publisher = new BrokerPublisher();
        this.notifier = new OwnerNotifier(publisher, json, clock, warningListener);
        MessageHandler handler = new MessageHandler(new TelemetryDecoder(json, signals, ingestStats, skew),
                new DtcDecoder(json, ingestStats, skew), vehicles, rules, cases, notifier, ingestStats,
                new RejectionLog(clock, 10_000), clock);
        this.pipeline = new IngestPipeline(handler, ingestStats, clock, config.workers(), config.queueCapacity(),
                config.maxPayloadBytes());
        this.broker = new EmbeddedBroker(new BrokerConfig(config.mqttHost(), config.mqttPort(),
                config.receiveMaximum(), Math.max(1 << 20, config.maxPayloadBytes() * 4), 10_000),
                pipeline::submit, publisher);
        this.api = new ApiServer(json, cases, new EngineStats(this), this::isReady);
    }

    public static Builder builder(EngineConfig config) {
        return new Builder(config);
    }

    /** Starts workers, broker and API; the future completes when the engine is ready (GET /health = 200). */
    public CompletableFuture<Engine> start() {
        pipeline.start();
        api.start(config.httpHost(), config.httpPort());
        return broker.start().thenApply(v -> {
            ready = true;
            LOG.info("engine ready: MQTT {}:{}, HTTP {}:{}, {} rules from {}", config.mqttHost(), config.mqttPort(),
                    config.httpHost(), api.port(), rules.rules().size(), config.rulesDir());
            return this;
        });
    }

    public boolean isReady() {
        return ready && broker.running();
    }

    /** True when every message taken from the broker has been processed. */
    public boolean idle() {
        return pipeline.idle();
    }

    public long backlog() {
        return pipeline.backlog();
    }

    public EngineConfig config() {
        return config;
    }

    public int httpPort() {
        return api.port();
    }

    public int mqttPort() {
        return config.mqttPort();
    }

    public CaseService cases() {
        return cases;
    }

    public IngestStats ingestStats() {
        return ingestStats;
    }

    public RuleEngine rules() {
        return rules;
    }

    public OwnerNotifier notifier() {
        return notifier;
    }

    public VehicleRegistry vehicles() {
        return vehicles;
    }

    @Override
    public void close() {
        ready = false;
        try {
            broker.stop().join();
        } finally {
            pipeline.close();
            api.close();
        }
    }

    /** Builds an engine; optional parts have defaults (system clock, in-memory cases, no listeners). */
    public static final class Builder {
        private final EngineConfig config;
        private Clock clock = Clock.systemUTC();
        private CaseStore store = new InMemoryCaseStore();
        private CaseListener caseListener = CaseListener.NONE;
        private Consumer<OwnerWarning> warningListener = w -> { };

        private Builder(EngineConfig config) {
            this.config = config;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Builder caseStore(CaseStore s) {
            this.store = s;
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
            return new Engine(config, clock, store, caseListener, warningListener);
        }
    }
}

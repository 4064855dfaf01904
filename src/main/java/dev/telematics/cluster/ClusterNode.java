package dev.telematics.cluster;

import dev.telematics.broker.BrokerPublisher;
import dev.telematics.broker.CommandResponseSink;
import dev.telematics.handoff.CommandChannel;
import dev.telematics.handoff.ConnectionListener;
import dev.telematics.handoff.DownlinkChannel;
import dev.telematics.handoff.InboundLog;
import dev.telematics.ingest.MessageDecoding;
import dev.telematics.processing.InProcessTier;
import dev.telematics.rules.RuleSet;
import dev.telematics.vehicle.VehicleRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;

/**
 * One engine node of a cluster on Apache Kafka: the parts that replace the single node's in-process hand-offs
 * (docs/scaling.md). Edge: {@link #inboundLog()} (the car's acknowledgement waits for Kafka), {@link #connections()}
 * (presence), the node's downlink reader and the command answers. Processing: the node's member of the
 * processing group with the cars' state on the changelog. Delivery: {@link #downlink()} (outbox, routing to the
 * node that holds the vehicle, parking).
 *
 * <p>Lifecycle: built by the composition root; {@link #start} (topics created, presence read, readers and the
 * processing member started) before the broker accepts connections; {@link #closeEdge} after the broker stopped,
 * {@link #closeProcessing} while the processing workers still run, {@link #close} last.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);
    private final ClusterConfig config;
    private final KafkaClients clients;
    private final ClusterTopics topics;
    private final DownlinkOutbox outbox;
    private final Presence presence;
    private final DownlinkRouter router;
    private final LogEdge edge;
    private final Clock clock;
    private NodeDownlink nodeDownlink;
    private CommandAnswers answers;
    private PartitionState state;
    private PartitionProcessing processing;

    /** {@code db}: the shared PostgreSQL database (the outbox of warnings lives there). */
    public ClusterNode(ClusterConfig config, DataSource db, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.clients = new KafkaClients(config);
        this.topics = new ClusterTopics(config);
        this.outbox = new DownlinkOutbox(db);
        this.presence = new Presence(clients, topics, config.nodeId(), this::vehicleConnected);
        this.router = new DownlinkRouter(clients, topics, presence, outbox, clock);
        this.edge = new LogEdge(clients, topics, config);
    }

    public ClusterConfig config() {
        return config;
    }

    /** The edge's hand-off: the inbound topic. */
    public InboundLog inboundLog() {
        return edge;
    }

    /** Told by the broker of each vehicle client that connects and leaves. */
    public ConnectionListener connections() {
        return presence;
    }

    /** Delivery's way to the cars: outbox, then the nodes that hold them. */
    public DownlinkChannel downlink() {
        return router;
    }

    /** Remote commands' way to the cars: the nodes that hold them. */
    public CommandChannel commands() {
        return router;
    }

    /** The broker's sink for cars' command answers: this node's own commands, or forwarded to the node that sent it. */
    public CommandResponseSink commandAnswers(CommandResponseSink local, Predicate<byte[]> ours) {
        answers = new CommandAnswers(clients, topics, local, ours);
        return answers;
    }

    /** Makes this node a member of the processing group (only with the processing role); call before {@link #start}. */
    public void processing(MessageDecoding decoding, InProcessTier tier, VehicleRegistry vehicles, Supplier<RuleSet> rules,
                           int historyCapacity, Duration historyWindow) {
        if (!config.runs(ClusterConfig.Role.PROCESSING)) {
            return;
        }
        state = new PartitionState(clients, topics, vehicles, rules, tier, historyCapacity, historyWindow);
        processing = new PartitionProcessing(clients, topics, config, decoding, tier, state);
    }

    /**
     * Creates missing topics, reads who is connected where, starts the downlink reader, command answers and the
     * processing member. {@code publisher}: the local broker, for the vehicles connected here.
     *
     * @throws IllegalStateException when Kafka cannot be reached or a topic does not fit
     */
    public void start(BrokerPublisher publisher) {
        try (Admin admin = Admin.create(clients.admin())) {
            topics.ensure(admin);
        }
        presence.start();
        nodeDownlink = new NodeDownlink(clients, topics, config.nodeId(), presence, outbox, publisher, SWEEP_EVERY, clock);
        nodeDownlink.start();
        if (answers != null) {
            answers.start();
        }
        if (processing != null) {
            processing.start();
        }
    }

    private void vehicleConnected(String vin) {
        NodeDownlink d = nodeDownlink;
        if (d != null) {
            d.vehicleConnected(vin);
        }
    }

    /** True while this node's processing member runs (or it has no processing role). */
    public boolean healthy() {
        return processing == null || processing.healthy();
    }

    public int partitionsOwned() {
        return processing == null ? 0 : processing.partitionsOwned();
    }

    /** Figures for GET /api/stats ({@code cluster}). */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodeId", config.nodeId());
        m.put("kafka", config.bootstrap());
        m.put("roles", config.roles().stream().map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).sorted().toList());
        m.put("topics", Map.of("inbound", topics.inbound(), "state", topics.state(), "partitions", config.partitions(),
                "replication", config.replication()));
        m.put("edge", edge.snapshot());
        m.put("processing", processing == null ? Map.of("enabled", false) : processing.snapshot());
        m.put("state", state == null ? Map.of() : state.snapshot());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("routed", router.routed());
        d.put("parked", router.parked());
        d.put("commandsRouted", router.commandsRouted());
        if (nodeDownlink != null) {
            d.putAll(nodeDownlink.snapshot());
        }
        m.put("downlink", d);
        m.put("presence", presence.snapshot());
        m.put("commandAnswers", answers == null ? Map.of() : answers.snapshot());
        return m;
    }

    /** Figures for /metrics: every counter a sum over nodes can use. */
    public Metrics metrics() {
        return new Metrics(config.nodeId(), partitionsOwned(), processing == null ? 0 : processing.lag(),
                state == null ? 0 : state.lastRestoreSeconds(), state == null ? 0 : state.vehiclesRestored(),
                state == null ? 0 : state.bytesSaved(), router.routed(), router.parked(),
                nodeDownlink == null ? 0 : nodeDownlink.delivered(), nodeDownlink == null ? 0 : nodeDownlink.parkedNow(),
                edge.refusals());
    }

    /** The cluster's figures for Prometheus. */
    public record Metrics(String nodeId, int partitionsOwned, long consumerLag, double lastRestoreSeconds, long vehiclesRestored,
                          long changelogBytes, long downlinkRouted, long downlinkParked, long downlinkDelivered,
                          long parkedNow, Map<String, Long> edgeRefusals) {
    }

    /** Stops taking cars' messages: what is queued still goes to Kafka; later ones are refused (0x97). */
    public void closeLog() {
        edge.close();
    }

    /** Stops the edge's parts: no more records to Kafka (what is queued is written), presence and answers. */
    public void closeEdge() {
        edge.close();
        if (answers != null) {
            answers.close();
        }
        if (nodeDownlink != null) {
            nodeDownlink.close();
        }
        presence.close();
    }

    /** Takes the last checkpoint and leaves the processing group (call while the processing workers still run). */
    public void closeProcessing() {
        if (processing != null) {
            processing.close();
        }
    }

    @Override
    public void close() {
        closeEdge();
        closeProcessing();
        if (state != null) {
            state.close();
        }
        router.close();
    }
}

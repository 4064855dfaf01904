package dev.telematics.cluster;

import dev.telematics.handoff.ConnectionListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node holds connections of which vehicle. Locally: the clients connected to this node's broker, by
 * vehicle. Cluster-wide: the compacted presence topic, keyed {@code VIN/node}: a record when a vehicle's
 * first client connects to a node, a tombstone when its last one leaves. Every node reads the whole topic, so
 * any node can route a warning to the nodes that hold the car or its owner's app. At start a node clears what
 * an earlier run of itself left there (a node killed with connections open).
 *
 * <p>Threading: {@link #connected}/{@link #disconnected} run on HiveMQ's threads and only count and queue the
 * record (written by the {@code presence-writer} thread); the {@code presence} thread reads the topic.
 * {@link #nodesOf} and {@link #connectedHere} from any thread.
 */
final class Presence implements ConnectionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Presence.class);
    private final String node;
    private final String topic;
    private final KafkaClients clients;
    private final KafkaProducer<String, byte[]> producer;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> daemon(r, "presence-writer"));
    private final Map<String, Integer> clientConnections = new ConcurrentHashMap<>();
    private final Map<String, String> vinOfClient = new ConcurrentHashMap<>();
    private final Map<String, Integer> localByVin = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> nodesByVin = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Consumer<String> onLocalConnect;
    private TopicFollower follower;

    /** {@code onLocalConnect}: told (on the writer thread) when a vehicle's first client connects here. */
    Presence(KafkaClients clients, ClusterTopics topics, String node, Consumer<String> onLocalConnect) {
        this.clients = clients;
        this.node = node;
        this.topic = topics.presence();
        this.onLocalConnect = onLocalConnect;
        this.producer = new KafkaProducer<>(clients.producer("presence", 30_000, false));
    }

    /** Reads the topic to its end, clears this node's stale records, then follows the topic. */
    void start() {
        follower = TopicFollower.allPartitions(clients, "presence", topic, true);
        follower.catchUp(this::apply);
        List<String> stale = new ArrayList<>();
        nodesByVin.forEach((vin, nodes) -> {
            if (nodes.contains(node) && !localByVin.containsKey(vin)) {
                stale.add(vin);
            }
        });
        for (String vin : stale) {
            write(vin, false);
        }
        if (!stale.isEmpty()) {
            LOG.info("presence: cleared {} vehicles an earlier run of node {} left", stale.size(), node);
        }
        follower.start(this::apply, false);
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        int slash = r.key() == null ? -1 : r.key().indexOf('/');
        if (slash < 0) {
            return;
        }
        String vin = r.key().substring(0, slash);
        String n = r.key().substring(slash + 1);
        if (r.value() == null) {
            nodesByVin.computeIfPresent(vin, (k, s) -> {
                Set<String> next = new java.util.HashSet<>(s);
                next.remove(n);
                return next.isEmpty() ? null : Set.copyOf(next);
            });
        } else {
            nodesByVin.compute(vin, (k, s) -> {
                Set<String> next = s == null ? new java.util.HashSet<>() : new java.util.HashSet<>(s);
                next.add(n);
                return Set.copyOf(next);
            });
        }
    }

    @Override
    public void connected(String clientId, String vin) {
        vinOfClient.put(clientId, vin);
        if (clientConnections.merge(clientId, 1, Integer::sum) == 1 && localByVin.merge(vin, 1, Integer::sum) == 1) {
            later(() -> {
                write(vin, true);
                onLocalConnect.accept(vin);
            });
        }
    }

    @Override
    public void disconnected(String clientId) {
        Integer left = clientConnections.computeIfPresent(clientId, (k, n) -> n <= 1 ? null : n - 1);
        if (left != null) {
            return; // a takeover: the client's new connection is still there
        }
        String vin = vinOfClient.remove(clientId);
        if (vin != null && localByVin.computeIfPresent(vin, (k, n) -> n <= 1 ? null : n - 1) == null) {
            later(() -> {
                if (!localByVin.containsKey(vin)) {
                    write(vin, false);
                }
            });
        }
    }

    private void later(Runnable task) {
        try {
            writer.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the node is stopping: its presence records are cleared at its next start
        }
    }

    private void write(String vin, boolean present) {
        try {
            producer.send(new ProducerRecord<>(topic, vin + "/" + node,
                    present ? node.getBytes(StandardCharsets.UTF_8) : null));
        } catch (RuntimeException e) { // Kafka away: routing falls back to parking; the reconnect sweep delivers
            LOG.warn("presence of {} on {} not recorded: {}", vin, node, e.toString());
        }
    }

    /** The nodes that hold connections of the vehicle (as far as the topic has told this node). */
    Set<String> nodesOf(String vin) {
        Set<String> known = nodesByVin.getOrDefault(vin, Set.of());
        if (localByVin.containsKey(vin) && !known.contains(node)) { // this node's own news may not be back yet
            Set<String> withHere = new java.util.HashSet<>(known);
            withHere.add(node);
            return withHere;
        }
        return known;
    }

    boolean connectedHere(String vin) {
        return localByVin.containsKey(vin);
    }

    /** The vehicles with a client connected to this node. */
    Set<String> vehiclesHere() {
        return Set.copyOf(localByVin.keySet());
    }

    Map<String, Object> snapshot() {
        Map<String, Object> m = new HashMap<>();
        m.put("vehiclesConnectedHere", localByVin.size());
        m.put("vehiclesKnownInCluster", nodesByVin.size());
        return m;
    }

    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (follower != null) {
            follower.close();
        }
        producer.close(Duration.ofSeconds(5));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}

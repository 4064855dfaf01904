package dev.telematics.cluster;

import dev.telematics.processing.InProcessTier;
import dev.telematics.rules.RuleSet;
import dev.telematics.rules.RuleStates;
import dev.telematics.vehicle.VehicleRegistry;
import dev.telematics.vehicle.VehicleSnapshot;
import dev.telematics.vehicle.VehicleSnapshotCodec;
import dev.telematics.vehicle.VehicleState;
import dev.telematics.vehicle.Vin;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cars' state of the partitions this node owns, backed by the compacted state topic (the changelog). A
 * record there is keyed by VIN, in the partition of the car's inbound records, and holds, version 1:
 * {@code [1][inbound position, 8 bytes][VehicleSnapshotCodec bytes]}: the car's whole state (signal history, DTC
 * lifecycle, every rule's state including the forecasts' inputs, the owner-warning state the rules keep) as it was
 * after every inbound record of its partition below that position. The same per-car format as the database
 * snapshots of the single node (docs/state.md).
 *
 * <p>Threading: {@link #track}, {@link #copy}, {@link #restore}, {@link #forget} run on the {@code partition-processing}
 * thread; a car's state is read on its worker ({@link InProcessTier#onEachWorker}). Statistics from any thread.
 */
final class PartitionState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionState.class);
    static final byte VERSION = 1;
    private static final Duration WORKER_WAIT = Duration.ofSeconds(60);
    private final ClusterTopics topics;
    private final KafkaClients clients;
    private final VehicleRegistry vehicles;
    private final Supplier<RuleSet> rules;
    private final InProcessTier tier;
    private final int historyCapacity;
    private final Duration historyWindow;
    private final VehicleSnapshotCodec codec = new VehicleSnapshotCodec();
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Integer> partitionOf = new ConcurrentHashMap<>();
    private final AtomicLong vehiclesSaved = new AtomicLong();
    private final AtomicLong bytesSaved = new AtomicLong();
    private final AtomicLong vehiclesRestored = new AtomicLong();
    private final AtomicLong bytesRestored = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile long lastRestoreMillis;
    private volatile long lastRestoreVehicles;
    private volatile long lastSaveMillis;
    private volatile long lastSaveVehicles;

    /** What a partition's restore found: each restored car's position (its state includes the records below it). */
    record Restored(Map<String, Long> positions) {
    }

    PartitionState(KafkaClients clients, ClusterTopics topics, VehicleRegistry vehicles, Supplier<RuleSet> rules,
                   InProcessTier tier, int historyCapacity, Duration historyWindow) {
        this.clients = clients;
        this.topics = topics;
        this.vehicles = vehicles;
        this.rules = rules;
        this.tier = tier;
        this.historyCapacity = historyCapacity;
        this.historyWindow = historyWindow;
        this.producer = new KafkaProducer<>(clients.producer("state", 60_000, true));
    }

    /**
     * Remembers the partition of a car's records (its state goes to the same partition of the state topic): the
     * cars this node holds, by partition, for {@link #forget}.
     */
    void track(String vin, int partition) {
        partitionOf.putIfAbsent(vin, partition);
    }

    /**
     * Copies the state of {@code vins} on their workers, after every record handed over before; the copies are
     * plain values that any thread may encode. Blocks until each worker took its turn.
     */
    List<VehicleSnapshot> copy(Set<String> vins) throws InterruptedException {
        ConcurrentLinkedQueue<VehicleSnapshot> copies = new ConcurrentLinkedQueue<>();
        if (vins.isEmpty()) {
            return List.of();
        }
        await(tier.onEachWorker(owns -> {
            for (String vin : vins) {
                Vin v = new Vin(vin);
                if (owns.test(v)) {
                    VehicleState s = vehicles.find(v);
                    if (s != null) {
                        copies.add(s.export(RuleStates.export(s)));
                        s.markSaved();
                    }
                }
            }
        }));
        return new ArrayList<>(copies);
    }

    /**
     * Encodes the copies, writes each with its partition's position from {@code positions} and waits until Kafka
     * has them all. One call at a time (the caller's checkpoints do not overlap).
     *
     * @throws IllegalStateException when Kafka did not take them (nothing may be committed)
     */
    void write(List<VehicleSnapshot> copies, Map<Integer, Long> positions) {
        long started = System.nanoTime();
        AtomicReference<Exception> failed = new AtomicReference<>();
        long bytes = 0;
        int n = 0;
        for (VehicleSnapshot s : copies) {
            Integer part = partitionOf.get(s.vin());
            Long pos = part == null ? null : positions.get(part);
            if (pos == null) {
                continue; // its partition has no position to save (nothing read yet): cannot happen for a changed car
            }
            byte[] value = encode(pos, codec.encode(s));
            bytes += value.length;
            n++;
            producer.send(new ProducerRecord<>(topics.state(), part, s.vin(), value), (meta, err) -> {
                if (err != null) {
                    failed.compareAndSet(null, err);
                }
            });
        }
        producer.flush();
        if (failed.get() != null) {
            throw new IllegalStateException("Kafka did not take the cars' state: " + failed.get().getMessage(), failed.get());
        }
        vehiclesSaved.addAndGet(n);
        bytesSaved.addAndGet(bytes);
        lastSaveVehicles = n;
        lastSaveMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    /** Waits until every worker has done what it was handed (before the cars of lost partitions are dropped). */
    void awaitWorkers() throws InterruptedException {
        await(tier.onEachWorker(owns -> { }));
    }

    private static void await(java.util.concurrent.CompletableFuture<Void> f) throws InterruptedException {
        try {
            f.get(WORKER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the processing workers did not answer within " + WORKER_WAIT, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("copying the cars' state failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Reads the partitions' state records from the beginning to the end (one consumer for all of them) and puts
     * every car into the registry (rule states by rule id; a rule that changed since starts afresh). Unreadable
     * records are counted and skipped: that car starts afresh.
     */
    Restored restore(Collection<Integer> partitions) {
        long started = System.nanoTime();
        Map<String, byte[]> latest = new HashMap<>();
        Map<String, Integer> partOf = new HashMap<>();
        List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topics.state(), p)).toList();
        if (tps.isEmpty()) {
            return new Restored(Map.of());
        }
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(clients.consumer("restore", null))) {
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps, Duration.ofSeconds(30));
            List<TopicPartition> open = new ArrayList<>(tps);
            while (!open.isEmpty()) {
                open.removeIf(tp -> c.position(tp, Duration.ofSeconds(30)) >= end.get(tp));
                if (open.isEmpty()) {
                    break;
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                        partOf.put(r.key(), r.partition());
                    }
                }
            }
        }
        RuleSet rs = rules.get();
        Map<String, Long> positions = new LinkedHashMap<>();
        long bytes = 0;
        for (Map.Entry<String, byte[]> e : latest.entrySet()) {
            try {
                ByteBuffer b = ByteBuffer.wrap(e.getValue());
                if (e.getValue().length < 9 || b.get() != VERSION) {
                    throw new IllegalArgumentException("not a version " + VERSION + " state record");
                }
                long pos = b.getLong();
                byte[] snap = new byte[b.remaining()];
                b.get(snap);
                VehicleSnapshot s = codec.decode(snap);
                if (!s.vin().equals(e.getKey())) {
                    throw new IllegalArgumentException("state of " + s.vin() + " under the key " + e.getKey());
                }
                VehicleState v = VehicleState.restore(s, historyCapacity, historyWindow);
                RuleStates.restore(rs, v, s.rules());
                vehicles.restore(v);
                partitionOf.put(s.vin(), partOf.get(e.getKey()));
                positions.put(s.vin(), pos);
                bytes += e.getValue().length;
            } catch (RuntimeException ex) {
                unreadable.incrementAndGet();
                LOG.warn("state of {} not restored, the car starts afresh: {}", e.getKey(), ex.getMessage());
            }
        }
        vehiclesRestored.addAndGet(positions.size());
        bytesRestored.addAndGet(bytes);
        lastRestoreVehicles = positions.size();
        lastRestoreMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        LOG.info("partitions {}: {} cars restored ({} bytes) in {} ms", partitions, positions.size(), bytes,
                lastRestoreMillis);
        return new Restored(positions);
    }

    /** The partition of a car this node holds, or -1. */
    int partitionOf(String vin) {
        return partitionOf.getOrDefault(vin, -1);
    }

    /** Drops the cars of a partition this node no longer owns (their state lives on at the new owner). */
    void forget(int partition) {
        partitionOf.entrySet().removeIf(e -> {
            if (e.getValue() != partition) {
                return false;
            }
            vehicles.remove(new Vin(e.getKey()));
            return true;
        });
    }

    static byte[] encode(long position, byte[] snapshot) {
        return ByteBuffer.allocate(9 + snapshot.length).put(VERSION).putLong(position).put(snapshot).array();
    }

    double lastRestoreSeconds() {
        return lastRestoreMillis / 1000.0;
    }

    long vehiclesRestored() {
        return vehiclesRestored.get();
    }

    long bytesSaved() {
        return bytesSaved.get();
    }

    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vehiclesSaved", vehiclesSaved.get());
        m.put("bytesSaved", bytesSaved.get());
        m.put("lastSaveVehicles", lastSaveVehicles);
        m.put("lastSaveMs", lastSaveMillis);
        m.put("vehiclesRestored", vehiclesRestored.get());
        m.put("bytesRestored", bytesRestored.get());
        m.put("lastRestoreVehicles", lastRestoreVehicles);
        m.put("lastRestoreMs", lastRestoreMillis);
        m.put("unreadable", unreadable.get());
        m.put("carsHeld", partitionOf.size());
        return m;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}

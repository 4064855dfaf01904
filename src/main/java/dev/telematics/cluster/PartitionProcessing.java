package dev.telematics.cluster;

import dev.telematics.handoff.InboundRecord;
import dev.telematics.handoff.Outcome;
import dev.telematics.handoff.VehicleMessage;
import dev.telematics.ingest.Decoded;
import dev.telematics.ingest.MessageDecoding;
import dev.telematics.processing.InProcessTier;
import dev.telematics.topic.MessageKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing tier in cluster mode: this node's member of the processing consumer group. Kafka gives each
 * inbound partition to one node at a time; the node processes its records in order, through the same
 * {@link InProcessTier} workers and {@link dev.telematics.processing.VehicleProcessor} as the single node (a
 * car's records all go to one worker, in order).
 *
 * <p><b>State and offsets.</b> Every {@link ClusterConfig#checkpointEvery()} (and when partitions are taken away,
 * and at shutdown) a checkpoint: the state of each car changed since the last one is copied on its worker
 * (behind the records handed over before: the only pause of the partitions), then written to the compacted state
 * topic ({@link PartitionState}: the inbound position it reflects with the {@code VehicleSnapshotCodec} bytes) on
 * the {@code checkpoint-writer} thread while processing goes on; once Kafka confirms it, the position of the copy
 * is committed. One checkpoint is written at a time. A node that takes over a partition restores its cars from the state topic and goes on
 * from the committed position; a record of a car whose restored state already includes it (its position is
 * below the car's) is skipped, so each record changes a car's state exactly once. The records after the last
 * checkpoint were processed by the failed node and are processed again: their case writes recognise the
 * firing ({@code CaseIntake}: same car time and trigger) and nobody is warned twice.
 *
 * <p>Threading: everything here runs on the {@code partition-processing} thread (Kafka's consumer is
 * single-threaded; the rebalance callbacks run inside its poll); statistics are read from any thread.
 */
final class PartitionProcessing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionProcessing.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration LAG_EVERY = Duration.ofSeconds(2);
    private final ClusterTopics topics;
    private final ClusterConfig config;
    private final MessageDecoding decoding;
    private final InProcessTier tier;
    private final PartitionState state;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Map<Integer, Owned> owned = new HashMap<>();
    private final Map<Integer, Long> lagByPartition = new ConcurrentHashMap<>();
    private volatile Set<Integer> ownedNow = Set.of();
    private final LongAdder records = new LongAdder();
    private final LongAdder replaySkipped = new LongAdder();
    private final LongAdder undecodable = new LongAdder();
    private final Map<String, LongAdder> notProcessed = new ConcurrentHashMap<>();
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong checkpointFailures = new AtomicLong();
    private final AtomicLong rebalances = new AtomicLong();
    private volatile String lastError;
    private InFlight inFlight;
    private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "checkpoint-writer");
        t.setDaemon(true);
        return t;
    });

    /** What this node knows of one partition it owns. */
    private static final class Owned {
        final Set<String> dirty = new HashSet<>();
        final Map<String, Long> skipBelow = new HashMap<>();
        long next = -1; // the position after the last record handed to the workers; -1: none yet
    }

    PartitionProcessing(KafkaClients clients, ClusterTopics topics, ClusterConfig config, MessageDecoding decoding,
                        InProcessTier tier, PartitionState state) {
        this.topics = topics;
        this.config = config;
        this.decoding = decoding;
        this.tier = tier;
        this.state = state;
        this.consumer = new KafkaConsumer<>(clients.processingConsumer());
        this.thread = new Thread(this::run, "partition-processing");
        thread.setDaemon(true);
    }

    void start() {
        if (running.compareAndSet(false, true)) {
            thread.start();
        }
    }

    private void run() {
        long nextCheckpoint = System.nanoTime() + config.checkpointEvery().toNanos();
        long nextLag = System.nanoTime();
        try {
            consumer.subscribe(List.of(topics.inbound()), new Rebalance());
            while (running.get()) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(POLL);
                for (ConsumerRecord<String, byte[]> r : batch) {
                    handle(r);
                }
                finishInFlight(false, Set.of());
                long now = System.nanoTime();
                if (now >= nextCheckpoint) {
                    checkpointAsync();
                    nextCheckpoint = now + config.checkpointEvery().toNanos();
                }
                if (now >= nextLag) {
                    measureLag();
                    nextLag = now + LAG_EVERY.toNanos();
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            lastError = e.toString();
            LOG.error("partition processing stopped; this node's partitions go to the other nodes", e);
        } finally {
            try {
                finishInFlight(true, Set.of());
                checkpointNow(owned.keySet()); // the last one: another node goes on from here without replay
            } catch (RuntimeException | InterruptedException e) {
                LOG.warn("last checkpoint failed; the next owner processes again since the previous one: {}", e.toString());
            }
            owned.clear();
            ownedNow = Set.of();
            consumer.close(Duration.ofSeconds(10));
            writer.shutdown();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) throws InterruptedException {
        Owned p = owned.get(r.partition());
        if (p == null) { // not ours any more (cannot happen inside one poll, but never process a foreign record)
            return;
        }
        p.next = r.offset() + 1;
        records.increment();
        InboundRecord in;
        try {
            in = InboundCodec.decode(r.key(), r.value());
        } catch (IllegalArgumentException e) {
            undecodable.increment();
            LOG.warn("inbound record {}-{}@{} skipped: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        String vin = in.vin().value();
        Long below = p.skipBelow.get(vin);
        if (below != null) {
            if (r.offset() < below) {
                replaySkipped.increment(); // the car's restored state already includes it
                return;
            }
            p.skipBelow.remove(vin);
        }
        Decoded<? extends VehicleMessage> d = decoding.decode(in.vin(), in.kind(), in.payload(), in.receivedAtMillis(),
                System.nanoTime());
        if (!d.accepted()) { // the edge took it; another engine version would decode it differently
            count(d.reason().name());
            return;
        }
        if (in.kind() == MessageKind.TELEMETRY || in.kind() == MessageKind.DTC) {
            p.dirty.add(vin);
            state.track(vin, r.partition());
        }
        tier.submitInOrder(d.value()).thenAccept(this::outcome);
    }

    private void outcome(Outcome o) {
        if (!o.processed()) {
            count(o.reason().name());
        }
    }

    private void count(String reason) {
        notProcessed.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    /** A checkpoint whose state is being written on the {@code checkpoint-writer} thread; committed once it is. */
    private record InFlight(Map<Integer, Long> positions, Map<Integer, Set<String>> dirty,
                            java.util.concurrent.CompletableFuture<Void> written) {
    }

    /**
     * Starts a checkpoint of every partition this node owns, unless one is still being written: the changed cars
     * are copied on their workers now (a short pause of the partitions), their state is encoded and written to
     * Kafka on the writer thread while processing goes on, and the positions of the copy are committed once
     * Kafka has it ({@link #finishInFlight}).
     */
    private void checkpointAsync() throws InterruptedException {
        if (inFlight != null) {
            return;
        }
        Taken t = take(owned.keySet());
        if (t == null) {
            return;
        }
        java.util.concurrent.CompletableFuture<Void> written = java.util.concurrent.CompletableFuture.runAsync(
                () -> state.write(t.copies(), t.positions()), writer);
        inFlight = new InFlight(t.positions(), t.dirty(), written);
    }

    /**
     * Commits the checkpoint being written once Kafka has its state ({@code wait}: waits for it), for the
     * partitions this node still owns and not {@code losing}; when the write failed, its cars count as changed
     * again and nothing is committed.
     */
    private void finishInFlight(boolean wait, Collection<Integer> losing) throws InterruptedException {
        InFlight f = inFlight;
        if (f == null || !wait && !f.written().isDone()) {
            return;
        }
        inFlight = null;
        try {
            f.written().get();
        } catch (java.util.concurrent.ExecutionException e) {
            failed(f.dirty(), e.getCause());
            return;
        }
        Map<Integer, Long> keep = new HashMap<>(f.positions());
        keep.keySet().removeIf(part -> !owned.containsKey(part) || losing.contains(part));
        commit(keep);
    }

    /** Checkpoints {@code partitions} now, on this thread (partitions handed over, shutdown). */
    private void checkpointNow(Collection<Integer> partitions) throws InterruptedException {
        Taken t = take(partitions);
        if (t == null) {
            return;
        }
        try {
            state.write(t.copies(), t.positions());
        } catch (RuntimeException e) {
            failed(t.dirty(), e);
            return;
        }
        commit(t.positions());
    }

    /** The changed cars of some partitions, copied at one point of the stream, with the positions of that point. */
    private record Taken(List<dev.telematics.vehicle.VehicleSnapshot> copies, Map<Integer, Long> positions,
                         Map<Integer, Set<String>> dirty) {
    }

    private Taken take(Collection<Integer> partitions) throws InterruptedException {
        Map<Integer, Set<String>> dirty = new HashMap<>();
        Map<Integer, Long> positions = new HashMap<>();
        Set<String> all = new HashSet<>();
        for (int part : partitions) {
            Owned p = owned.get(part);
            if (p == null) {
                continue;
            }
            if (!p.dirty.isEmpty()) {
                dirty.put(part, Set.copyOf(p.dirty));
                all.addAll(p.dirty);
                p.dirty.clear(); // changed again after this copy: in the next checkpoint
            }
            if (p.next >= 0) {
                positions.put(part, p.next);
            }
        }
        if (positions.isEmpty()) {
            return null;
        }
        return new Taken(state.copy(all), positions, dirty);
    }

    private void failed(Map<Integer, Set<String>> dirty, Throwable e) {
        checkpointFailures.incrementAndGet();
        lastError = e.getMessage();
        dirty.forEach((part, vins) -> {
            Owned p = owned.get(part);
            if (p != null) {
                p.dirty.addAll(vins); // saved with the next checkpoint
            }
        });
        LOG.warn("checkpoint failed, positions not committed (tried again in {}): {}", config.checkpointEvery(),
                e.getMessage());
    }

    private void commit(Map<Integer, Long> positions) {
        if (positions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        positions.forEach((part, next) -> commit.put(new TopicPartition(topics.inbound(), part), new OffsetAndMetadata(next)));
        consumer.commitSync(commit, Duration.ofSeconds(30));
        checkpoints.incrementAndGet();
    }

    private void measureLag() {
        if (owned.isEmpty()) {
            lagByPartition.clear();
            return;
        }
        List<TopicPartition> tps = owned.keySet().stream().map(p -> new TopicPartition(topics.inbound(), p)).toList();
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps, Duration.ofSeconds(5));
            lagByPartition.keySet().retainAll(owned.keySet());
            for (TopicPartition tp : tps) {
                Owned p = owned.get(tp.partition());
                long pos = p.next >= 0 ? p.next : consumer.position(tp, Duration.ofSeconds(5));
                lagByPartition.put(tp.partition(), Math.max(0, ends.getOrDefault(tp, pos) - pos));
            }
        } catch (RuntimeException e) { // Kafka away: the lag is not known now; the last figures stay
            LOG.debug("lag not measured: {}", e.toString());
        }
    }

    /** Partitions given to and taken from this node, on the consumer's thread inside poll. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> parts) {
            leave(parts, false);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> parts) {
            leave(parts, true);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> parts) {
            rebalances.incrementAndGet();
            if (parts.isEmpty()) {
                return;
            }
            PartitionState.Restored r = state.restore(parts.stream().map(TopicPartition::partition).toList());
            for (TopicPartition tp : parts) {
                owned.put(tp.partition(), new Owned());
            }
            r.positions().forEach((vin, pos) -> {
                Owned p = owned.get(state.partitionOf(vin));
                if (p != null) {
                    p.skipBelow.put(vin, pos);
                }
            });
            ownedNow = Set.copyOf(owned.keySet());
            if (!parts.isEmpty()) {
                LOG.info("node {} now owns {} partitions (+{})", config.nodeId(), owned.size(), parts.size());
            }
        }

        private void leave(Collection<TopicPartition> parts, boolean lost) {
            if (parts.isEmpty()) {
                return;
            }
            rebalances.incrementAndGet();
            List<Integer> ps = parts.stream().map(TopicPartition::partition).toList();
            try {
                finishInFlight(true, lost ? ps : List.of()); // lost partitions: another node owns them, no commit
                if (lost) {
                    state.awaitWorkers(); // what the workers still hold of these cars is done before they go
                } else {
                    checkpointNow(ps);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("checkpoint of partitions {} before handing them over failed: {}", ps, e.toString());
            }
            for (int part : ps) {
                if (owned.remove(part) != null) {
                    state.forget(part);
                }
                lagByPartition.remove(part);
            }
            ownedNow = Set.copyOf(owned.keySet());
            LOG.info("node {} handed over partitions {} ({}); owns {}", config.nodeId(), ps, lost ? "lost" : "revoked",
                    owned.size());
        }
    }

    int partitionsOwned() {
        return ownedNow.size();
    }

    long lag() {
        return lagByPartition.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("partitionsOwned", ownedNow.size());
        m.put("partitions", new ArrayList<>(new java.util.TreeSet<>(ownedNow)));
        m.put("consumerLag", lag());
        m.put("records", records.sum());
        m.put("replaySkipped", replaySkipped.sum());
        m.put("undecodable", undecodable.sum());
        Map<String, Long> np = new LinkedHashMap<>();
        notProcessed.forEach((k, v) -> np.put(k, v.sum()));
        m.put("notProcessedByReason", np);
        m.put("checkpoints", checkpoints.get());
        m.put("checkpointFailures", checkpointFailures.get());
        m.put("rebalances", rebalances.get());
        m.put("lastError", lastError);
        return m;
    }

    boolean healthy() {
        return running.get() && thread.isAlive();
    }

    /** Stops polling, takes the last checkpoint (so that the next owner replays nothing) and leaves the group. */
    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.telematics.cluster;

import dev.telematics.handoff.InboundLog;
import dev.telematics.handoff.InboundRecord;
import dev.telematics.handoff.Outcome;
import dev.telematics.handoff.RejectReason;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's {@link InboundLog} on Kafka: each record goes to the inbound topic keyed by VIN with an idempotent,
 * acks=all producer; the car's acknowledgement waits for Kafka's. Kafka slow or away: the record fails after
 * {@link ClusterConfig#logTimeout()} and the car is refused (0x97) and sends it again; nothing is acknowledged
 * that Kafka did not take. Refusals are counted by reason.
 *
 * <p>Threading: {@link #append} is called on HiveMQ's threads and only queues; the {@code log-edge} thread hands
 * records to the producer (whose {@code send} may wait for metadata or buffer space: never on HiveMQ's threads), in
 * the order they came, so a car's records keep their order. Kafka's callbacks complete the futures on the
 * producer's I/O thread.
 */
final class LogEdge implements InboundLog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogEdge.class);
    private static final int QUEUE = 20_000;
    private record Pending(ProducerRecord<String, byte[]> record, CompletableFuture<Outcome> answer) {
    }

    private static final Pending STOP = new Pending(null, null);
    private final Producer<String, byte[]> producer;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
    private final String topic;
    private final Thread sender;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final LongAdder appended = new LongAdder();
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();

    LogEdge(KafkaClients clients, ClusterTopics topics, ClusterConfig config) {
        this.producer = new KafkaProducer<>(clients.producer("edge", config.logTimeout().toMillis(), false));
        this.topic = topics.inbound();
        this.sender = new Thread(this::sendLoop, "log-edge");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public CompletableFuture<Outcome> append(InboundRecord r) {
        if (!running.get()) {
            return refused("stopping", "the node is stopping");
        }
        CompletableFuture<Outcome> answer = new CompletableFuture<>();
        if (!queue.offer(new Pending(new ProducerRecord<>(topic, r.vin().value(), InboundCodec.encode(r)), answer))) {
            return refused("queue_full", "the edge's queue to Kafka is full");
        }
        return answer;
    }

    private void sendLoop() {
        while (true) {
            Pending p;
            try {
                p = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (p == STOP) {
                return;
            }
            try {
                producer.send(p.record(), (meta, err) -> {
                    if (err == null) {
                        appended.increment();
                        p.answer().complete(Outcome.PROCESSED);
                    } else {
                        p.answer().complete(refusal(err));
                    }
                });
            } catch (RuntimeException e) { // metadata or buffer space not there within max.block.ms, or closed
                p.answer().complete(refusal(e));
            }
        }
    }

    private Outcome refusal(Throwable err) {
        String reason = err instanceof TimeoutException ? "timeout"
                : err instanceof NotEnoughReplicasException ? "not_enough_replicas"
                : err instanceof RecordTooLargeException ? "too_large" : "kafka_error";
        count(reason);
        LOG.debug("Kafka did not take a record: {}", err.toString());
        return Outcome.rejected(RejectReason.OVERLOADED, "Kafka did not take the message (" + reason + "): "
                + err.getMessage());
    }

    private CompletableFuture<Outcome> refused(String reason, String detail) {
        count(reason);
        return CompletableFuture.completedFuture(Outcome.rejected(RejectReason.OVERLOADED, detail));
    }

    private void count(String reason) {
        refusals.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("appended", appended.sum());
        m.put("queued", queue.size());
        m.put("refusedByReason", refusals());
        return m;
    }

    Map<String, Long> refusals() {
        Map<String, Long> by = new LinkedHashMap<>();
        refusals.forEach((k, v) -> by.put(k, v.sum()));
        return by;
    }

    /** Stops taking records, lets what is queued go to Kafka (waiting for its answers), then closes the producer. */
    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        try {
            queue.put(STOP);
            sender.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(10));
        for (Pending p; (p = queue.poll()) != null; ) {
            if (p != STOP) {
                p.answer().complete(Outcome.rejected(RejectReason.OVERLOADED, "the node stopped"));
            }
        }
    }
}

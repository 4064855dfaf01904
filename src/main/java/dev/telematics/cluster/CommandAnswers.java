package dev.telematics.cluster;

import dev.telematics.broker.CommandResponseSink;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a car's answer to a remote command back to the node that sent the command. An answer for a command of
 * this node goes straight to it; any other goes to the command-responses topic, which every node follows and
 * takes from it the answers to its own commands. Record value, version 1: {@code [1][correlation length, 4
 * bytes][correlation][payload]}, key the VIN.
 *
 * <p>Threading: {@link #onResponse} on HiveMQ's threads (never blocks: the producer only queues); the
 * {@code command-answers} thread follows the topic and hands answers to the local commands on it.
 */
final class CommandAnswers implements CommandResponseSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandAnswers.class);
    private final KafkaClients clients;
    private final String topic;
    private final CommandResponseSink local;
    private final Predicate<byte[]> ours;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder received = new LongAdder();
    private TopicFollower follower;

    /** {@code ours}: whether a correlation is one of this node's pending commands; {@code local} takes those. */
    CommandAnswers(KafkaClients clients, ClusterTopics topics, CommandResponseSink local, Predicate<byte[]> ours) {
        this.clients = clients;
        this.topic = topics.commandResponses();
        this.local = local;
        this.ours = ours;
        this.producer = new KafkaProducer<>(clients.producer("command-answers", 10_000, false));
    }

    void start() {
        // from the end: answers to commands sent before this node started are not its own
        follower = TopicFollower.allPartitions(clients, "command-answers", topic, false);
        follower.start(this::take, false);
    }

    @Override
    public void onResponse(String vin, byte[] correlation, byte[] payload) {
        if (correlation == null || ours.test(correlation)) {
            local.onResponse(vin, correlation, payload);
            return;
        }
        byte[] value = ByteBuffer.allocate(1 + 4 + correlation.length + payload.length).put((byte) 1)
                .putInt(correlation.length).put(correlation).put(payload).array();
        try {
            producer.send(new ProducerRecord<>(topic, vin, value));
            forwarded.increment();
        } catch (RuntimeException e) {
            LOG.warn("answer of {} not forwarded to the command's node: {}", vin, e.toString());
        }
    }

    private void take(ConsumerRecord<String, byte[]> r) {
        try {
            ByteBuffer b = ByteBuffer.wrap(r.value());
            if (b.get() != 1) {
                return;
            }
            int n = b.getInt();
            if (n < 0 || n > b.remaining()) {
                return;
            }
            byte[] correlation = new byte[n];
            b.get(correlation);
            byte[] payload = new byte[b.remaining()];
            b.get(payload);
            if (ours.test(correlation)) {
                received.increment();
                local.onResponse(r.key(), correlation, payload);
            }
        } catch (RuntimeException e) {
            LOG.debug("command answer record skipped: {}", e.toString());
        }
    }

    java.util.Map<String, Object> snapshot() {
        return java.util.Map.of("answersForwarded", forwarded.sum(), "answersReceivedFromOtherNodes", received.sum());
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        if (follower != null) {
            follower.close();
        }
        producer.close(Duration.ofSeconds(5));
    }
}

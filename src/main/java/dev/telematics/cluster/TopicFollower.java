package dev.telematics.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer of the node's own that follows one topic on a thread of its own and hands each record to a handler
 * (presence, the node's downlink, command answers). {@link #close} wakes the poll and waits for the thread.
 *
 * <p>Threading: the handler and {@code afterBatch} run on the follower's thread; a handler that throws stops the
 * follower (logged), so handlers catch what they can survive.
 */
final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private final KafkaConsumer<String, byte[]> consumer;
    private final String name;
    private volatile boolean running = true;
    private Thread thread;

    private TopicFollower(KafkaConsumer<String, byte[]> consumer, String name) {
        this.consumer = consumer;
        this.name = name;
    }

    /** Every partition of {@code topic}, no group: from the beginning or from the end. */
    static TopicFollower allPartitions(KafkaClients clients, String name, String topic, boolean fromBeginning) {
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(clients.consumer(name, null));
        List<TopicPartition> parts = new ArrayList<>();
        for (PartitionInfo p : c.partitionsFor(topic, Duration.ofSeconds(30))) {
            parts.add(new TopicPartition(topic, p.partition()));
        }
        c.assign(parts);
        if (fromBeginning) {
            c.seekToBeginning(parts);
        } else {
            c.seekToEnd(parts);
        }
        parts.forEach(tp -> c.position(tp, Duration.ofSeconds(30))); // resolve now, not at the first poll
        return new TopicFollower(c, name);
    }

    /** A topic read in a consumer group of its own (committed after each batch). */
    static TopicFollower inGroup(KafkaClients clients, String name, String topic, String group) {
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(clients.consumer(name, group));
        c.subscribe(List.of(topic));
        return new TopicFollower(c, name);
    }

    /** Reads until every assigned partition is at the end it had when called (on the caller's thread, before {@link #start}). */
    void catchUp(Consumer<ConsumerRecord<String, byte[]>> handler) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), Duration.ofSeconds(30)) < e.getValue())) {
            consumer.poll(Duration.ofMillis(200)).forEach(handler);
        }
    }

    /** Follows the topic on the thread {@code name}; {@code commit}: commit the group's position after each batch. */
    void start(Consumer<ConsumerRecord<String, byte[]>> handler, boolean commit) {
        thread = new Thread(() -> follow(handler, commit), name);
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(Consumer<ConsumerRecord<String, byte[]>> handler, boolean commit) {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(POLL);
                batch.forEach(handler);
                if (commit && !batch.isEmpty()) {
                    consumer.commitAsync();
                }
            }
        } catch (WakeupException stopping) {
            // close()
        } catch (RuntimeException e) {
            LOG.error("{} stopped following its topic", name, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread == null) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

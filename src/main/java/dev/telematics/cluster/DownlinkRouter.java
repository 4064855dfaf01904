package dev.telematics.cluster;

import dev.telematics.handoff.CommandChannel;
import dev.telematics.handoff.DownlinkChannel;
import dev.telematics.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Delivery's way to the vehicles in cluster mode ({@link DownlinkChannel} and {@link CommandChannel}): a warning
 * is first kept in the outbox (shared database), then routed to the downlink topic of each node that holds a
 * connection of the vehicle ({@link Presence}); with none it stays parked until the vehicle connects to any node.
 * Delivery's future completes once the outbox has the warning: from then on it reaches the vehicle even if this
 * node dies. A command goes to the nodes that hold the car; an offline car's command times out as on one node.
 *
 * <p>Thread-safe; {@link #publish} writes the outbox on the caller's thread (delivery's), never on HiveMQ's.
 */
final class DownlinkRouter implements DownlinkChannel, CommandChannel, AutoCloseable {
    private final ClusterTopics topics;
    private final Presence presence;
    private final DownlinkOutbox outbox;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;
    private final LongAdder routed = new LongAdder();
    private final LongAdder parked = new LongAdder();
    private final LongAdder commandsRouted = new LongAdder();

    DownlinkRouter(KafkaClients clients, ClusterTopics topics, Presence presence, DownlinkOutbox outbox, Clock clock) {
        this.topics = topics;
        this.presence = presence;
        this.outbox = outbox;
        this.clock = clock;
        this.producer = new KafkaProducer<>(clients.producer("downlink", 10_000, false));
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload) {
        String vin = Topics.vinSegment(topic);
        if (vin == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a vehicle topic: " + topic));
        }
        String id = UUID.randomUUID().toString();
        try {
            outbox.add(new DownlinkOutbox.Entry(id, vin, topic, payload, clock.instant()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // delivery tries again
        }
        Set<String> nodes = presence.nodesOf(vin);
        if (nodes.isEmpty()) {
            parked.increment();
            return CompletableFuture.completedFuture(null);
        }
        byte[] record = new Downlink(Downlink.Kind.WARNING, id, topic, 0, payload).encode();
        for (String node : nodes) {
            try {
                producer.send(new ProducerRecord<>(topics.downlink(node), vin, record));
            } catch (RuntimeException e) { // Kafka away: the warning stays parked, the reconnect sweep sends it
                parked.increment();
                continue;
            }
            routed.increment();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> send(String vin, String commandId, byte[] payload, Duration expiry) {
        Set<String> nodes = presence.nodesOf(vin);
        byte[] record = new Downlink(Downlink.Kind.COMMAND, commandId, vin, Math.max(1, expiry.toSeconds()), payload)
                .encode();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (String node : nodes) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            sent.add(f);
            try {
                producer.send(new ProducerRecord<>(topics.downlink(node), vin, record), (m, err) -> {
                    if (err == null) {
                        f.complete(null);
                    } else {
                        f.completeExceptionally(err);
                    }
                });
                commandsRouted.increment();
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    long routed() {
        return routed.sum();
    }

    long parked() {
        return parked.sum();
    }

    long commandsRouted() {
        return commandsRouted.sum();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

package dev.telematics.cluster;

import dev.telematics.broker.BrokerPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of cluster delivery: reads its own downlink topic and publishes each warning or command to
 * the vehicle through the local broker; a warning is taken out of the outbox once the broker took it for a
 * client that subscribed to its topic. A warning whose vehicle has no subscribed client here stays parked. The
 * sweep (every {@code sweepEvery}, and when a vehicle's first client connects) sends the parked warnings of the
 * vehicles connected here, whichever node routed them.
 *
 * <p>Threading: the {@code downlink} thread reads the topic; the {@code downlink-sweep} thread sweeps; broker
 * publishes complete on HiveMQ's threads, which only remove outbox rows through the sweep's executor.
 */
final class NodeDownlink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeDownlink.class);
    private static final int SWEEP_LIMIT = 500;
    /** How long a routed warning is left to its node before the sweep treats it as parked. */
    private static final Duration ROUTED_GRACE = Duration.ofSeconds(10);
    private final KafkaClients clients;
    private final ClusterTopics topics;
    private final String node;
    private final Presence presence;
    private final DownlinkOutbox outbox;
    private final BrokerPublisher broker;
    private final Duration sweepEvery;
    private final java.time.Clock clock;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "downlink-sweep");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final LongAdder delivered = new LongAdder();
    private final LongAdder waitingForSubscriber = new LongAdder();
    private final LongAdder commandsPublished = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicLong parkedNow = new AtomicLong();
    private TopicFollower follower;

    NodeDownlink(KafkaClients clients, ClusterTopics topics, String node, Presence presence, DownlinkOutbox outbox,
                 BrokerPublisher broker, Duration sweepEvery, java.time.Clock clock) {
        this.clients = clients;
        this.topics = topics;
        this.node = node;
        this.presence = presence;
        this.outbox = outbox;
        this.broker = broker;
        this.sweepEvery = sweepEvery;
        this.clock = clock; // the outbox's times come from the same clock (DownlinkRouter)
    }

    void start() {
        follower = TopicFollower.inGroup(clients, "downlink", topics.downlink(node), topics.downlink(node) + "-reader");
        follower.start(this::handle, true);
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, sweepEvery.toMillis(), sweepEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        Downlink d;
        try {
            d = Downlink.decode(r.value());
        } catch (IllegalArgumentException e) {
            failures.increment();
            LOG.warn("downlink record {}@{} skipped: {}", r.partition(), r.offset(), e.getMessage());
            return;
        }
        if (d.kind() == Downlink.Kind.COMMAND) {
            broker.send(d.topic(), d.id(), d.payload(), Duration.ofSeconds(d.expirySeconds()));
            commandsPublished.increment();
            return;
        }
        routed(new DownlinkOutbox.Entry(d.id(), r.key(), d.topic(), d.payload(), java.time.Instant.EPOCH));
    }

    /**
     * A warning routed here: published if a client here subscribed to its topic (every node the vehicle's clients
     * are on publishes it to its own), then taken out of the outbox. Without a subscriber it stays parked.
     */
    private void routed(DownlinkOutbox.Entry e) {
        broker.hasSubscriber(e.topic()).thenCompose(subscribed -> {
            if (!subscribed) {
                waitingForSubscriber.increment(); // stays parked; swept when a client of the vehicle is here
                return CompletableFuture.completedFuture(false);
            }
            return broker.publish(e.topic(), e.payload()).thenApplyAsync(v -> {
                if (outbox.remove(e.id())) {
                    delivered.increment();
                }
                return true;
            }, sweeper);
        }).exceptionally(err -> notDelivered(e, err));
    }

    /**
     * A parked warning (on the sweep thread): claimed first (taken out of the outbox, so that no other node's sweep
     * sends it too), then published; put back when the broker did not take it.
     */
    private void parked(DownlinkOutbox.Entry e) {
        broker.hasSubscriber(e.topic()).thenComposeAsync(subscribed -> {
            if (!subscribed || !outbox.remove(e.id())) {
                return CompletableFuture.completedFuture(false); // not yet subscribed, or another node sent it
            }
            return broker.publish(e.topic(), e.payload()).handleAsync((v, err) -> {
                if (err == null) {
                    delivered.increment();
                    return true;
                }
                outbox.add(e); // parked again for the next sweep
                failures.increment();
                return false;
            }, sweeper);
        }, sweeper).exceptionally(err -> notDelivered(e, err));
    }

    /** A warning that could not be sent now: it stays (or is again) in the outbox for the next sweep. */
    private boolean notDelivered(DownlinkOutbox.Entry e, Throwable err) {
        failures.increment();
        LOG.debug("warning {} for {} not delivered now: {}", e.id(), e.vin(), err.toString());
        return false;
    }

    /** Sends the parked warnings of one vehicle that has just connected here. */
    void vehicleConnected(String vin) {
        if (running.get()) {
            try {
                sweeper.schedule(() -> sweep(Set.of(vin), clock.instant()), 200, TimeUnit.MILLISECONDS); // after its SUBSCRIBE
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the node is stopping; another node sends it
            }
        }
    }

    private void sweepQuietly() {
        try {
            parkedNow.set(outbox.count());
            Set<String> here = presence.vehiclesHere();
            if (here.isEmpty()) {
                return;
            }
            List<String> waiting = outbox.vinsWaiting(10_000);
            waiting.retainAll(here);
            sweep(Set.copyOf(waiting), clock.instant().minus(ROUTED_GRACE));
        } catch (RuntimeException e) {
            LOG.debug("downlink sweep failed: {}", e.toString());
        }
    }

    /** Sends the parked warnings of {@code vins} written before {@code before} (later ones are still being routed). */
    private void sweep(Set<String> vins, java.time.Instant before) {
        if (vins.isEmpty()) {
            return;
        }
        try {
            for (DownlinkOutbox.Entry e : outbox.waitingFor(new ArrayList<>(vins), SWEEP_LIMIT)) {
                if (e.createdAt().isBefore(before)) {
                    parked(e);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("downlink sweep failed: {}", e.toString());
        }
    }

    long delivered() {
        return delivered.sum();
    }

    long parkedNow() {
        return parkedNow.get();
    }

    java.util.Map<String, Object> snapshot() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("delivered", delivered.sum());
        m.put("waitingForSubscriber", waitingForSubscriber.sum());
        m.put("commandsPublished", commandsPublished.sum());
        m.put("failures", failures.sum());
        m.put("parkedInCluster", parkedNow.get());
        return m;
    }

    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        if (follower != null) {
            follower.close();
        }
        sweeper.shutdown();
        try {
            sweeper.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

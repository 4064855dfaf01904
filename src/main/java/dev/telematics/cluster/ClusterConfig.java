package dev.telematics.cluster;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a node joins a cluster on Apache Kafka (configuration version 1, with defaults: {@link #of}).
 *
 * @param bootstrap          Kafka's bootstrap servers, {@code host:port[,host:port]}
 * @param nodeId             this node's id: unique in the cluster, stable across restarts (its downlink topic
 *                           and its record of connected vehicles carry it)
 * @param topicPrefix        every topic name starts with it ({@link ClusterTopics})
 * @param partitions         partitions of the inbound and state topics (default 48). The partition of a car is
 *                           {@code hash(VIN) mod partitions}: changing it for an existing cluster moves cars
 *                           between partitions, whose state is then not found; only with a fresh state topic
 * @param replication        replication factor of the topics the engine creates (default 1: one broker; 3 in
 *                           production)
 * @param minInSync          {@code min.insync.replicas} of those topics (default 1; 2 with replication 3)
 * @param checkpointEvery    how often processing saves the state of the cars it changed to the changelog and
 *                           then commits its position (default 10 s): a node that takes over a partition processes
 *                           again at most this much of its messages (without a second case or warning)
 * @param sessionTimeout     how long a silent node keeps its partitions (Kafka's {@code session.timeout.ms},
 *                           default 10 s): the failover time after a crash
 * @param logTimeout         how long the edge waits for Kafka to take a car's message before refusing it (0x97);
 *                           below the engine's acknowledgement timeout
 * @param roles              what this node runs (default all: edge, processing, delivery)
 */
public record ClusterConfig(String bootstrap, String nodeId, String topicPrefix, int partitions, short replication,
                            int minInSync, Duration checkpointEvery, Duration sessionTimeout, Duration logTimeout,
                            Set<Role> roles) {
    public static final int VERSION = 1;
    public static final int DEFAULT_PARTITIONS = 48;
    private static final Pattern NODE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern PREFIX = Pattern.compile("[a-zA-Z0-9._-]{1,100}");

    /** A node's parts; a node may run a subset (edge-only nodes behind the load balancer, say). */
    public enum Role { EDGE, PROCESSING, DELIVERY }

    public ClusterConfig {
        Objects.requireNonNull(bootstrap, "bootstrap");
        if (bootstrap.isBlank()) {
            throw new IllegalArgumentException("--kafka needs host:port of at least one Kafka broker");
        }
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("--node-id must be 1-32 characters a-z, 0-9 and '-', starting with a "
                    + "letter or digit, got '" + nodeId + "'");
        }
        if (topicPrefix == null || !PREFIX.matcher(topicPrefix).matches()) {
            throw new IllegalArgumentException("the topic prefix must be 1-100 characters a-z, A-Z, 0-9, '.', '_', '-'");
        }
        if (partitions < 1 || partitions > 10_000) {
            throw new IllegalArgumentException("partitions must be 1-10000, got " + partitions);
        }
        if (replication < 1 || minInSync < 1 || minInSync > replication) {
            throw new IllegalArgumentException("replication must be >= 1 and min in-sync replicas 1..replication, got "
                    + replication + "/" + minInSync);
        }
        positive(checkpointEvery, "checkpoint interval");
        positive(sessionTimeout, "session timeout");
        positive(logTimeout, "log timeout");
        if (sessionTimeout.toMillis() < 6_000 || sessionTimeout.toMillis() > 300_000) {
            throw new IllegalArgumentException("the session timeout must be 6 s to 5 min (Kafka's broker limits)");
        }
        roles = roles == null || roles.isEmpty() ? EnumSet.allOf(Role.class) : Set.copyOf(roles);
    }

    /** A node with every default: prefix {@code telematics}, 48 partitions, replication 1, 10 s checkpoints. */
    public static ClusterConfig of(String bootstrap, String nodeId) {
        return new ClusterConfig(bootstrap, nodeId, "telematics", DEFAULT_PARTITIONS, (short) 1, 1,
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5), EnumSet.allOf(Role.class));
    }

    public boolean runs(Role r) {
        return roles.contains(r);
    }

    public ClusterConfig withTopics(String prefix, int partitions, short replication, int minInSync) {
        return new ClusterConfig(bootstrap, nodeId, prefix, partitions, replication, minInSync, checkpointEvery,
                sessionTimeout, logTimeout, roles);
    }

    public ClusterConfig withTimes(Duration checkpointEvery, Duration sessionTimeout, Duration logTimeout) {
        return new ClusterConfig(bootstrap, nodeId, topicPrefix, partitions, replication, minInSync, checkpointEvery,
                sessionTimeout, logTimeout, roles);
    }

    public ClusterConfig withRoles(Set<Role> roles) {
        return new ClusterConfig(bootstrap, nodeId, topicPrefix, partitions, replication, minInSync, checkpointEvery,
                sessionTimeout, logTimeout, roles);
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the " + what + " must be positive");
        }
    }
}

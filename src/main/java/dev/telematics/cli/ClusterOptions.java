package dev.telematics.cli;

import dev.telematics.cluster.ClusterConfig;
import dev.telematics.config.Durations;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code run --kafka HOST:PORT --node-id ID ...}: join a cluster of engine nodes on Apache Kafka (docs/scaling.md). */
final class ClusterOptions {
    @Option(names = "--kafka", defaultValue = "${env:TELEMATICS_KAFKA}", description = "join a cluster: Kafka's "
            + "bootstrap servers, host:port[,host:port] (env TELEMATICS_KAFKA). Needs --node-id and a PostgreSQL "
            + "--jdbc-url shared by all nodes; without it the engine runs as a single node")
    String kafka;

    @Option(names = "--node-id", defaultValue = "${env:TELEMATICS_NODE_ID}", description = "this node's id in the "
            + "cluster: unique, stable across restarts; a-z, 0-9, '-' (env TELEMATICS_NODE_ID)")
    String nodeId;

    @Option(names = "--kafka-topic-prefix", defaultValue = "telematics",
            description = "prefix of the cluster's topic names (default: ${DEFAULT-VALUE})")
    String topicPrefix;

    @Option(names = "--kafka-partitions", defaultValue = "48", description = "partitions of the inbound and state "
            + "topics when they are created (default: ${DEFAULT-VALUE}); every node must give the same; changing it "
            + "later moves cars to other partitions (a fresh state topic is needed)")
    int partitions;

    @Option(names = "--kafka-replication", defaultValue = "1", description = "replication factor of the topics "
            + "created (default: ${DEFAULT-VALUE}; 3 in production)")
    short replication;

    @Option(names = "--kafka-min-insync", defaultValue = "1", description = "min.insync.replicas of the topics "
            + "created (default: ${DEFAULT-VALUE}; 2 with replication 3)")
    int minInSync;

    @Option(names = "--checkpoint-interval", defaultValue = "10s", description = "how often a node saves the state of "
            + "the cars it changed to Kafka and commits its position; at most this much is processed again after a "
            + "node fails (default: ${DEFAULT-VALUE})")
    String checkpointInterval;

    @Option(names = "--session-timeout", defaultValue = "10s", description = "how long a silent node keeps its "
            + "partitions: the failover time after a crash, 6s-5min (default: ${DEFAULT-VALUE})")
    String sessionTimeout;

    @Option(names = "--kafka-timeout", defaultValue = "5s", description = "how long the edge waits for Kafka to take "
            + "a car's message before refusing it, 0x97 (default: ${DEFAULT-VALUE})")
    String logTimeout;

    @Option(names = "--roles", defaultValue = "edge,processing,delivery", split = ",", description = "what this node "
            + "runs: edge and delivery always; leave out processing for a node that only takes connections "
            + "(default: ${DEFAULT-VALUE})")
    Set<String> roles;

    /** The cluster settings, or null without --kafka. */
    ClusterConfig toConfig() {
        if (kafka == null || kafka.isBlank()) {
            if (nodeId != null && !nodeId.isBlank()) {
                throw new IllegalArgumentException("--node-id is only for cluster mode: give --kafka HOST:PORT too");
            }
            return null;
        }
        Set<ClusterConfig.Role> rs = EnumSet.noneOf(ClusterConfig.Role.class);
        for (String r : roles) {
            try {
                rs.add(ClusterConfig.Role.valueOf(r.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--roles takes edge, processing and delivery, got '" + r + "'");
            }
        }
        if (!rs.contains(ClusterConfig.Role.EDGE) || !rs.contains(ClusterConfig.Role.DELIVERY)) {
            throw new IllegalArgumentException("--roles: every node runs edge and delivery in this version; only "
                    + "processing may be left out");
        }
        return ClusterConfig.of(kafka.trim(), nodeId)
                .withTopics(topicPrefix, partitions, replication, minInSync)
                .withTimes(Durations.parse(checkpointInterval), Durations.parse(sessionTimeout), Durations.parse(logTimeout))
                .withRoles(rs);
    }
}

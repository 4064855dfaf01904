package dev.telematics.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's Kafka topics, all named from the prefix ({@code telematics} by default):
 * <ul>
 *   <li>{@code <prefix>.inbound}: every accepted car and owner-app message, keyed by VIN ({@code partitions});</li>
 *   <li>{@code <prefix>.vehicle-state}: the changelog of each car's state, keyed by VIN, compacted, the same
 *       partitions as the inbound topic (partition p holds the state of the cars of inbound partition p);</li>
 *   <li>{@code <prefix>.presence}: which node holds connections of which vehicle, keyed by {@code VIN/node},
 *       compacted;</li>
 *   <li>{@code <prefix>.downlink.<node>}: warnings and commands for the vehicles connected to that node;</li>
 *   <li>{@code <prefix>.command-responses}: cars' answers that arrived on a node other than the command's.</li>
 * </ul>
 * Missing topics are created at start; an existing inbound or state topic with another partition count is
 * refused (cars would be looked for in the wrong partition).
 */
public final class ClusterTopics {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTopics.class);
    private static final long ADMIN_SECONDS = 30;
    private final ClusterConfig config;

    public ClusterTopics(ClusterConfig config) {
        this.config = config;
    }

    public String inbound() {
        return config.topicPrefix() + ".inbound";
    }

    public String state() {
        return config.topicPrefix() + ".vehicle-state";
    }

    public String presence() {
        return config.topicPrefix() + ".presence";
    }

    public String downlink(String node) {
        return config.topicPrefix() + ".downlink." + node;
    }

    public String commandResponses() {
        return config.topicPrefix() + ".command-responses";
    }

    /** Creates what is missing; fails with a message that says what is wrong (an inbound topic of another size). */
    public void ensure(Admin admin) {
        short rf = config.replication();
        String minIsr = Integer.toString(config.minInSync());
        List<NewTopic> wanted = new ArrayList<>();
        wanted.add(new NewTopic(inbound(), config.partitions(), rf).configs(Map.of(
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(TimeUnit.DAYS.toMillis(7)))));
        wanted.add(new NewTopic(state(), config.partitions(), rf).configs(Map.of(
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr,
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(8 << 20))));
        wanted.add(new NewTopic(presence(), Math.min(config.partitions(), 12), rf).configs(Map.of(
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr,
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        wanted.add(new NewTopic(downlink(config.nodeId()), 1, rf).configs(Map.of(
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(TimeUnit.DAYS.toMillis(1)))));
        wanted.add(new NewTopic(commandResponses(), 1, rf).configs(Map.of(
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(TimeUnit.HOURS.toMillis(1)))));
        try {
            Set<String> existing = admin.listTopics().names().get(ADMIN_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(ADMIN_SECONDS, TimeUnit.SECONDS);
                    LOG.info("created Kafka topics {}", missing.stream().map(NewTopic::name).toList());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another node created it meanwhile
                        throw e;
                    }
                }
            }
            Map<String, TopicDescription> d = admin.describeTopics(List.of(inbound(), state())).allTopicNames()
                    .get(ADMIN_SECONDS, TimeUnit.SECONDS);
            for (TopicDescription t : d.values()) {
                if (t.partitions().size() != config.partitions()) {
                    throw new IllegalStateException("topic " + t.name() + " has " + t.partitions().size()
                            + " partitions, this node is configured for " + config.partitions() + " (--kafka-partitions); "
                            + "a car's partition is hash(VIN) mod partitions, so every node must use the topic's count");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create or check the Kafka topics on " + config.bootstrap() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.toString()), e);
        }
    }
}

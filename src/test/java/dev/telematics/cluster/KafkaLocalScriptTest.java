package dev.telematics.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.testing.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/kafka-local.sh starts a real single-node KRaft Kafka from Maven artifacts, the Kafka clients use it
 * (topic with 3 partitions, idempotent acks=all producer, consumer group), and stop leaves nothing running.
 * Always runs: the broker's jars come from Maven like the rest of the build (offline once ~/.m2 has them).
 */
class KafkaLocalScriptTest {
    private static final String SCRIPT = "scripts/kafka-local.sh";
    private static final String TOPIC = "kafka-local-check";
    private static final int KEYS = 10;
    private static final int PER_KEY = 10;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 150, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void startedBroker_keepsEveryKeyedRecordInOrder_andStopClosesIt() throws Exception {
        int port = Ports.free();
        String bootstrap = "127.0.0.1:" + port;
        Path pidFile = dir.resolve("kafka.pid");
        try {
            Result start = run("start", dir.toString(), Integer.toString(port));
            assertEquals(0, start.exitCode(), "start failed:\n" + start.output());
            assertTrue(Files.isRegularFile(pidFile), "pid file written");
            assertTrue(portOpen(port), "broker listens on " + bootstrap);

            Result again = run("start", dir.toString(), Integer.toString(port));
            assertEquals(0, again.exitCode(), again.output());
            assertTrue(again.output().contains("already running"), again.output());

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
                assertEquals(3, admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(TOPIC).partitions().size(), "3 partitions");
            }

            Map<String, Integer> partitionOfKey = produce(bootstrap);
            assertTrue(new HashSet<>(partitionOfKey.values()).size() > 1,
                    "the keys spread over more than one partition: " + partitionOfKey);

            Map<String, List<Integer>> seen = consume(bootstrap, partitionOfKey);
            assertEquals(KEYS, seen.size(), "every key came back");
            for (Map.Entry<String, List<Integer>> e : seen.entrySet()) {
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < PER_KEY; i++) {
                    expected.add(i);
                }
                assertEquals(expected, e.getValue(), "records of " + e.getKey() + " once each, in order");
            }
        } finally {
            Result stop = run("stop", dir.toString());
            assertEquals(0, stop.exitCode(), "stop failed:\n" + stop.output());
        }
        assertFalse(Files.exists(pidFile), "pid file removed");
        assertFalse(portOpen(port), "nothing listens on " + bootstrap + " after stop");
        Result stopAgain = run("stop", dir.toString());
        assertEquals(0, stopAgain.exitCode(), "stop with nothing running succeeds: " + stopAgain.output());
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void startWithBadPort_failsWithAClearMessage() throws Exception {
        Result r = run("start", dir.toString(), "not-a-port");
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("PORT must be 1-65535"), r.output());
        assertThrows(IOException.class, () -> Files.readString(dir.resolve("kafka.pid")));
    }

    /** KEYS keys x PER_KEY sequence numbers; returns the partition each key landed on. */
    private static Map<String, Integer> produce(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        Map<String, Integer> partitionOfKey = new HashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (int seq = 0; seq < PER_KEY; seq++) {
                for (int k = 0; k < KEYS; k++) {
                    String key = "VIN" + k;
                    keys.add(key);
                    acks.add(producer.send(new ProducerRecord<>(TOPIC, key, Integer.toString(seq))));
                }
            }
            for (int i = 0; i < acks.size(); i++) {
                int partition = acks.get(i).get(30, TimeUnit.SECONDS).partition();
                Integer before = partitionOfKey.putIfAbsent(keys.get(i), partition);
                assertTrue(before == null || before == partition, keys.get(i) + " stays on one partition");
            }
        }
        return partitionOfKey;
    }

    private static Map<String, List<Integer>> consume(String bootstrap, Map<String, Integer> partitionOfKey) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "kafka-local-check");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, List<Integer>> seen = new HashMap<>();
        int[] total = {0};
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    assertEquals(partitionOfKey.get(r.key()), r.partition(), "partition of " + r.key());
                    seen.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(r.value()));
                    total[0]++;
                }
                return total[0] >= KEYS * PER_KEY;
            });
            consumer.commitSync();
        }
        assertEquals(KEYS * PER_KEY, total[0], "exactly the records produced");
        return seen;
    }

    private static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT));
        command.addAll(List.of(args));
        // the broker's own streams go to DIR/kafka.log, so this output ends when the script does
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "script finished: " + out);
        return new Result(p.exitValue(), out);
    }
}

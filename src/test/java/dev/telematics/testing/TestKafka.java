package dev.telematics.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft Kafka for the cluster tests, started with {@code scripts/kafka-local.sh} (Maven artifacts,
 * no Docker) in a folder of its own on a free port. {@link #shared()} is one broker for every test of the JVM
 * (tests keep apart by topic prefix), stopped when the JVM exits; {@link #own} is a broker a test may stop and
 * start again (its data kept).
 */
public final class TestKafka {
    private static TestKafka shared;
    private final Path dir;
    private final int port;

    private TestKafka(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The JVM's shared broker, started at the first call. */
    public static synchronized TestKafka shared() throws Exception {
        if (shared == null) {
            TestKafka k = new TestKafka(Files.createTempDirectory("test-kafka-"), Ports.free());
            k.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    k.stop();
                } catch (Exception e) {
                    // the JVM ends anyway
                }
            }));
            shared = k;
        }
        return shared;
    }

    /** A broker of the caller's own in {@code dir}; the caller stops it. */
    public static TestKafka own(Path dir) throws Exception {
        TestKafka k = new TestKafka(dir, Ports.free());
        k.start();
        return k;
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker (again: with the data it had); returns when it listens. */
    public void start() throws Exception {
        script("start", dir.toString(), Integer.toString(port));
    }

    public void stop() throws Exception {
        script("stop", dir.toString());
    }

    private static void script(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/kafka-local.sh"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kafka-local.sh " + String.join(" ", args) + " failed:\n" + out);
        }
    }
}

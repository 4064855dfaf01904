package dev.telematics.simulator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * An embedded HiveMQ CE broker for tests: loopback only, a free port, in-memory persistence and a server
 * receive maximum of {@value #RECEIVE_MAXIMUM}. Independent of the engine's own broker wrapper.
 *
 * <p>Not thread-safe: start and close from the test thread.
 */
final class TestBroker implements AutoCloseable {
    static final int RECEIVE_MAXIMUM = 100;

    private final EmbeddedHiveMQ hivemq;
    private final int port;

    private TestBroker(EmbeddedHiveMQ hivemq, int port) {
        this.hivemq = hivemq;
        this.port = port;
    }

    /** Starts a broker whose config, data and extension folders live under {@code dir}. */
    static TestBroker start(Path dir) throws Exception {
        quietLogging();
        int port = freePort();
        Path config = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(config.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>127.0.0.1</bind-address>
                    </tcp-listener>
                  </listeners>
                  <mqtt>
                    <receive-maximum>
                      <server-receive-maximum>%d</server-receive-maximum>
                    </receive-maximum>
                  </mqtt>
                  <persistence>
                    <mode>in-memory</mode>
                  </persistence>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, RECEIVE_MAXIMUM));
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(config)
                .withDataFolder(Files.createDirectories(dir.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(dir.resolve("extensions")))
                .withoutLoggingBootstrap()
                .build();
        try {
            hivemq.start().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            hivemq.close();
            throw e;
        }
        return new TestBroker(hivemq, port);
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws ExecutionException, TimeoutException {
        try {
            hivemq.stop().get(30, TimeUnit.SECONDS);
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the broker", e);
        }
    }

    /** A loopback port nobody listens on (right now). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** HiveMQ and Netty log at DEBUG without a logback config; keep test output readable. */
    private static void quietLogging() {
        for (String name : new String[] {"com.hivemq", "io.netty", "org.jboss", "oshi"}) {
            if (LoggerFactory.getLogger(name) instanceof Logger logger) {
                logger.setLevel(Level.WARN);
            }
        }
    }
}

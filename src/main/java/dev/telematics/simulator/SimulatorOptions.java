package dev.telematics.simulator;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.vehicle.Vin;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.Locale;

/**
 * How a {@link FleetSimulator} talks to the broker. Start from {@link #of(String)} and adjust with the
 * {@code with...} methods.
 *
 * <p>Immutable and thread-safe (the credentials function must be thread-safe too: it is called from the
 * connect pool).
 *
 * @param brokerUri          Paho server URI, e.g. {@code tcp://127.0.0.1:1883} ({@code tcp}, {@code ssl},
 *                           {@code ws}, {@code wss}); TCP_NODELAY is set for {@code tcp} only
 * @param qos                telemetry and DTC QoS, 0 or 1 (default 1)
 * @param window             in-flight publishes per car, 1..65535 (default 8); the simulator further caps
 *                           it at the broker's receive maximum, so Paho never throws 32202
 * @param credentials        username/password per car; empty = connect anonymously (the default)
 * @param connectParallelism connects in progress at once (default 50)
 * @param publisherThreads   threads of the shared publish scheduler (default 2)
 * @param connectTimeout     limit of one car's connect plus subscribe (default 10 s)
 */
public record SimulatorOptions(String brokerUri, int qos, int window,
                               Function<Vin, Optional<Credentials>> credentials, int connectParallelism,
                               int publisherThreads, Duration connectTimeout, Transport transport) {

    /** The MQTT client library the cars use; both send byte-identical messages. */
    public enum Transport {
        /** Eclipse Paho MQTT v5: the reference client (4 threads per car). */
        PAHO,
        /** HiveMQ MQTT Client, async API: thousands of cars on a few Netty threads. */
        HIVEMQ;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
    public static final int DEFAULT_QOS = 1;
    public static final int DEFAULT_WINDOW = 8;
    public static final int DEFAULT_CONNECT_PARALLELISM = 50;
    public static final int DEFAULT_PUBLISHER_THREADS = 2;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

    public SimulatorOptions {
        Objects.requireNonNull(credentials, "credentials");
        transport = transport == null ? Transport.PAHO : transport;
        check(brokerUri != null && java.util.Arrays.stream(brokerUri.split(",", -1))
                        .allMatch(u -> SCHEMES.contains(scheme(u.trim()))),
                "brokerUri must look like tcp://host:port (tcp, ssl, ws, wss), or several of them separated by commas "
                        + "(cars spread over the nodes of a cluster), got '" + brokerUri + "'");
        check(qos == 0 || qos == 1, "qos must be 0 or 1, got " + qos);
        check(window >= 1 && window <= 65_535, "window must be 1..65535, got " + window);
        check(connectParallelism >= 1, "connectParallelism must be >= 1, got " + connectParallelism);
        check(publisherThreads >= 1, "publisherThreads must be >= 1, got " + publisherThreads);
        check(connectTimeout != null && connectTimeout.toMillis() >= 1,
                "connectTimeout must be positive, got " + connectTimeout);
    }

    /** Defaults for {@code brokerUri}: QoS 1, window 8, anonymous, 50 parallel connects, 2 publisher threads. */
    public static SimulatorOptions of(String brokerUri) {
        return new SimulatorOptions(brokerUri, DEFAULT_QOS, DEFAULT_WINDOW, vin -> Optional.empty(),
                DEFAULT_CONNECT_PARALLELISM, DEFAULT_PUBLISHER_THREADS, DEFAULT_CONNECT_TIMEOUT, Transport.PAHO);
    }

    public SimulatorOptions withTransport(Transport newTransport) {
        return new SimulatorOptions(brokerUri, qos, window, credentials, connectParallelism, publisherThreads,
                connectTimeout, newTransport);
    }

    public SimulatorOptions withQos(int newQos) {
        return new SimulatorOptions(brokerUri, newQos, window, credentials, connectParallelism, publisherThreads,
                connectTimeout, transport);
    }

    public SimulatorOptions withWindow(int newWindow) {
        return new SimulatorOptions(brokerUri, qos, newWindow, credentials, connectParallelism, publisherThreads,
                connectTimeout, transport);
    }

    public SimulatorOptions withCredentials(Function<Vin, Optional<Credentials>> newCredentials) {
        return new SimulatorOptions(brokerUri, qos, window, newCredentials, connectParallelism, publisherThreads,
                connectTimeout, transport);
    }

    public SimulatorOptions withConnectParallelism(int parallelism) {
        return new SimulatorOptions(brokerUri, qos, window, credentials, parallelism, publisherThreads,
                connectTimeout, transport);
    }

    public SimulatorOptions withPublisherThreads(int threads) {
        return new SimulatorOptions(brokerUri, qos, window, credentials, connectParallelism, threads,
                connectTimeout, transport);
    }

    public SimulatorOptions withConnectTimeout(Duration timeout) {
        return new SimulatorOptions(brokerUri, qos, window, credentials, connectParallelism, publisherThreads,
                timeout, transport);
    }

    /**
     * The broker a car connects to: with several URIs (the nodes of a cluster), always the same one for a VIN,
     * chosen by its hash, so that the cars spread over the nodes as behind a load balancer.
     */
    public String brokerFor(String vin) {
        String[] all = brokerUri.split(",");
        return all[Math.floorMod(vin.hashCode(), all.length)].trim();
    }

    /** True when the broker URI is plain TCP (where the TCP_NODELAY socket factory applies). */
    boolean plainTcp() {
        return java.util.Arrays.stream(brokerUri.split(",")).allMatch(u -> "tcp".equals(scheme(u.trim())));
    }

    private static String scheme(String uri) {
        try {
            String s = new URI(uri).getScheme();
            return s == null ? "" : s.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return "";
        }
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, problem);
        }
    }
}

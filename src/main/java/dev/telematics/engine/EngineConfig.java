package dev.telematics.engine;

import dev.telematics.broker.BrokerConfig;
import dev.telematics.broker.TlsConfig;
import dev.telematics.cases.Evidence;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the engine can be told at start, in groups that each check themselves and have named
 * defaults ({@link #defaults()}). Configuration version 1.
 *
 * @param mqtt       the embedded MQTT broker
 * @param http       the HTTP API
 * @param ingest     how vehicle messages are taken in
 * @param history    what the engine keeps of each vehicle's signals
 * @param rulesDir   folder of rules files
 * @param bareBroker benchmark only: the broker counts vehicle messages and the engine does nothing with them
 * @param security   MQTT clients must authenticate (VIN or owner:VIN and a provisioned secret) and may use only
 *                   their own vehicle's topics; off only for tests, benchmarks and trusted networks
 * @param evidence   how much one rule firing copies into its case: DTCs, signals, history points per signal
 *                   ({@link Evidence.Limits}); what is left out is counted in the evidence
 */
public record EngineConfig(Mqtt mqtt, Http http, Ingest ingest, VehicleHistory history, Path rulesDir,
                           boolean bareBroker, boolean security, Evidence.Limits evidence) {
    public static final int VERSION = 1;
    public static final int DEFAULT_MAX_CONNECTIONS = 25_000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_OWNER_APP = 3;
    public static final int MAX_PAYLOAD_LIMIT = 1_000_000;
    public static final Path DEFAULT_RULES_DIR = Path.of("rules");

    public EngineConfig {
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(rulesDir, "rulesDir");
        Objects.requireNonNull(evidence, "evidence");
    }

    /** Every group's defaults, the shipped rules folder, the full engine, security on. */
    public static EngineConfig defaults() {
        return new EngineConfig(Mqtt.DEFAULTS, Http.DEFAULTS, Ingest.DEFAULTS, VehicleHistory.DEFAULTS,
                DEFAULT_RULES_DIR, false, true, Evidence.Limits.DEFAULTS);
    }

    /**
     * The embedded MQTT broker.
     *
     * @param host                 bind address
     * @param port                 TCP port
     * @param receiveMaximum       MQTT 5 server receive maximum
     * @param maxMessagesPerSecond per MQTT client, on average (bursts of twice as many, at least 10); more are
     *                             refused (PUBACK 0x97 QUOTA_EXCEEDED) and counted; 0 = no limit
     * @param maxConnections       open MQTT connections the broker accepts (all listeners together); more are
     *                             refused at CONNECT with 0x97 QUOTA_EXCEEDED; 0 = no limit. The default, 25,000,
     *                             leaves room above the 10,000-car load bench
     * @param tls                  an MQTT over TLS listener next to the plain one (key store, optional trust store
     *                             for client certificates); null: none
     * @param maxConnectionsPerOwnerApp devices (client ids) one owner-app credential may have connected at once; more
     *                             are refused at CONNECT with 0x97 QUOTA_EXCEEDED; 0 = no limit. A car has one
     *                             session by design (its client id must be its VIN; a reconnect takes it over)
     * @param connectTimeout       how long a new socket may stay silent before CONNECT; HiveMQ counts it against
     *                             {@code maxConnections} until then
     */
    public record Mqtt(String host, int port, int receiveMaximum, int maxMessagesPerSecond, int maxConnections,
                       TlsConfig tls, int maxConnectionsPerOwnerApp, Duration connectTimeout) {
        public static final Mqtt DEFAULTS = new Mqtt("127.0.0.1", 1883, 1000, 20, DEFAULT_MAX_CONNECTIONS, null,
                DEFAULT_MAX_CONNECTIONS_PER_OWNER_APP, BrokerConfig.DEFAULT_CONNECT_TIMEOUT);

        public Mqtt {
            Objects.requireNonNull(host, "mqttHost");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("MQTT port must be 1-65535, got " + port);
            }
            if (receiveMaximum < 1 || receiveMaximum > 65535) {
                throw new IllegalArgumentException("receive maximum must be 1-65535, got " + receiveMaximum);
            }
            if (maxMessagesPerSecond < 0) {
                throw new IllegalArgumentException("max messages per second must be >= 0 (0: no limit)");
            }
            if (maxConnections < 0) {
                throw new IllegalArgumentException("max connections must be >= 0 (0: no limit), got " + maxConnections);
            }
            if (tls != null && tls.port() == port) {
                throw new IllegalArgumentException("the TLS port must differ from the MQTT port " + port);
            }
            if (maxConnectionsPerOwnerApp < 0) {
                throw new IllegalArgumentException("max connections per owner app must be >= 0 (0: no limit), got "
                        + maxConnectionsPerOwnerApp);
            }
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            if (connectTimeout.toMillis() < 1 || connectTimeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the CONNECT timeout must be 1 ms to 24 days, got " + connectTimeout);
            }
        }

        public Mqtt withHost(String h) {
            return new Mqtt(h, port, receiveMaximum, maxMessagesPerSecond, maxConnections, tls, maxConnectionsPerOwnerApp, connectTimeout);
        }

        public Mqtt withPort(int p) {
            return new Mqtt(host, p, receiveMaximum, maxMessagesPerSecond, maxConnections, tls, maxConnectionsPerOwnerApp, connectTimeout);
        }

        public Mqtt withMaxMessagesPerSecond(int perSecond) {
            return new Mqtt(host, port, receiveMaximum, perSecond, maxConnections, tls, maxConnectionsPerOwnerApp, connectTimeout);
        }

        public Mqtt withMaxConnections(int max) {
            return new Mqtt(host, port, receiveMaximum, maxMessagesPerSecond, max, tls, maxConnectionsPerOwnerApp, connectTimeout);
        }

        /** With at most {@code max} devices connected per owner-app credential (0: no limit). */
        public Mqtt withMaxConnectionsPerOwnerApp(int max) {
            return new Mqtt(host, port, receiveMaximum, maxMessagesPerSecond, maxConnections, tls, max, connectTimeout);
        }

        /** With this CONNECT timeout for new sockets. */
        public Mqtt withConnectTimeout(Duration timeout) {
            return new Mqtt(host, port, receiveMaximum, maxMessagesPerSecond, maxConnections, tls,
                    maxConnectionsPerOwnerApp, timeout);
        }

        /** With an MQTT over TLS listener ({@code null}: none). */
        public Mqtt withTls(TlsConfig t) {
            return new Mqtt(host, port, receiveMaximum, maxMessagesPerSecond, maxConnections, t, maxConnectionsPerOwnerApp, connectTimeout);
        }
    }

    /**
     * The HTTP API.
     *
     * @param host       bind address
     * @param port       port (0: any free port)
     * @param maxBacklog vehicle messages waiting for processing above which {@code GET /health} answers 503
     *                   DEGRADED (a load balancer then sends new cars elsewhere); 0: never
     */
    public record Http(String host, int port, int maxBacklog) {
        public static final int DEFAULT_MAX_BACKLOG = 3_000;
        public static final Http DEFAULTS = new Http("127.0.0.1", 8080, DEFAULT_MAX_BACKLOG);

        public Http {
            Objects.requireNonNull(host, "httpHost");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("HTTP port must be 0-65535, got " + port);
            }
            if (maxBacklog < 0) {
                throw new IllegalArgumentException("health backlog limit must be >= 0 (0: none), got " + maxBacklog);
            }
        }

        public Http withPort(int p) {
            return new Http(host, p, maxBacklog);
        }

        public Http withMaxBacklog(int max) {
            return new Http(host, port, max);
        }
    }

    /**
     * How vehicle messages are taken in.
     *
     * @param maxPayloadBytes larger vehicle messages are rejected (PAYLOAD_TOO_LARGE)
     * @param maxClockSkew    how far a vehicle timestamp may be ahead of the engine's clock
     * @param maxSampleAge    how old a vehicle timestamp may be (data buffered while offline)
     * @param workers         ingest worker threads (vehicles are spread over them by VIN); default: one per CPU
     * @param queueCapacity   messages each worker may have waiting before the broker is slowed down
     * @param queueTimeout    how long the broker waits for room in a full queue before refusing a message
     * @param ackTimeout      how long a car's QoS 1/2 publish may wait for the engine to process it before the
     *                        broker answers with a failure reason code
     */
    public record Ingest(int maxPayloadBytes, Duration maxClockSkew, Duration maxSampleAge, int workers,
                         int queueCapacity, Duration queueTimeout, Duration ackTimeout) {
        public static final Ingest DEFAULTS = new Ingest(64 * 1024, Duration.ofMinutes(5), Duration.ofDays(30),
                Math.max(1, Runtime.getRuntime().availableProcessors()), 10_000, Duration.ofSeconds(5),
                Duration.ofSeconds(10));

        public Ingest {
            Objects.requireNonNull(maxClockSkew, "maxClockSkew");
            Objects.requireNonNull(maxSampleAge, "maxSampleAge");
            Objects.requireNonNull(queueTimeout, "queueTimeout");
            Objects.requireNonNull(ackTimeout, "ackTimeout");
            if (maxPayloadBytes < 64 || maxPayloadBytes > MAX_PAYLOAD_LIMIT) {
                // above 1 MB a string inside a skipped JSON value would escape the decoder's string-length limit
                throw new IllegalArgumentException("max payload must be 64 bytes to " + MAX_PAYLOAD_LIMIT
                        + " bytes, got " + maxPayloadBytes);
            }
            if (workers < 1 || queueCapacity < 1) {
                throw new IllegalArgumentException("workers, queue capacity and history capacity must be >= 1");
            }
            if (maxClockSkew.isNegative() || maxSampleAge.isNegative() || maxSampleAge.isZero()
                    || queueTimeout.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative (and max sample age > 0)");
            }
            if (ackTimeout.isNegative() || ackTimeout.isZero()) {
                throw new IllegalArgumentException("ack timeout must be > 0, got " + ackTimeout);
            }
        }

        public Ingest withMaxPayloadBytes(int bytes) {
            return new Ingest(bytes, maxClockSkew, maxSampleAge, workers, queueCapacity, queueTimeout, ackTimeout);
        }
    }

    /**
     * What the engine keeps of each vehicle's signals.
     *
     * @param capacity      samples kept per vehicle and signal
     * @param window        how far back a case's evidence reaches
     * @param snapshotEvery how often vehicle state changed since the last snapshot is saved to the database
     *                      (it is also saved at shutdown and restored at start); zero: only at shutdown
     */
    public record VehicleHistory(int capacity, Duration window, Duration snapshotEvery) {
        public static final Duration DEFAULT_SNAPSHOT_EVERY = Duration.ofSeconds(60);
        public static final VehicleHistory DEFAULTS = new VehicleHistory(120, Duration.ofMinutes(10),
                DEFAULT_SNAPSHOT_EVERY);

        public VehicleHistory {
            Objects.requireNonNull(window, "historyWindow");
            Objects.requireNonNull(snapshotEvery, "snapshotEvery");
            if (snapshotEvery.isNegative()) {
                throw new IllegalArgumentException("the snapshot interval must not be negative (0: only at shutdown)");
            }
            if (capacity < 1) {
                throw new IllegalArgumentException("workers, queue capacity and history capacity must be >= 1");
            }
            if (window.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative (and max sample age > 0)");
            }
        }
    }

    public EngineConfig withMqtt(Mqtt m) {
        return new EngineConfig(m, http, ingest, history, rulesDir, bareBroker, security, evidence);
    }

    public EngineConfig withHttp(Http h) {
        return new EngineConfig(mqtt, h, ingest, history, rulesDir, bareBroker, security, evidence);
    }

    public EngineConfig withIngest(Ingest i) {
        return new EngineConfig(mqtt, http, i, history, rulesDir, bareBroker, security, evidence);
    }

    public EngineConfig withHistory(VehicleHistory h) {
        return new EngineConfig(mqtt, http, ingest, h, rulesDir, bareBroker, security, evidence);
    }

    public EngineConfig withRulesDir(Path dir) {
        return new EngineConfig(mqtt, http, ingest, history, dir, bareBroker, security, evidence);
    }

    public EngineConfig withBareBroker(boolean bare) {
        return new EngineConfig(mqtt, http, ingest, history, rulesDir, bare, security, evidence);
    }

    public EngineConfig withSecurity(boolean on) {
        return new EngineConfig(mqtt, http, ingest, history, rulesDir, bareBroker, on, evidence);
    }

    public EngineConfig withEvidence(Evidence.Limits e) {
        return new EngineConfig(mqtt, http, ingest, history, rulesDir, bareBroker, security, e);
    }

    public EngineConfig withMqttPort(int port) {
        return withMqtt(mqtt.withPort(port));
    }

    public EngineConfig withHttpPort(int port) {
        return withHttp(http.withPort(port));
    }

    public EngineConfig withMaxMessagesPerSecond(int perSecond) {
        return withMqtt(mqtt.withMaxMessagesPerSecond(perSecond));
    }

    public EngineConfig withMaxConnections(int max) {
        return withMqtt(mqtt.withMaxConnections(max));
    }

    /** With an MQTT over TLS listener ({@code null}: none). */
    public EngineConfig withTls(TlsConfig t) {
        return withMqtt(mqtt.withTls(t));
    }

    public EngineConfig withMaxPayloadBytes(int bytes) {
        return withIngest(ingest.withMaxPayloadBytes(bytes));
    }
}

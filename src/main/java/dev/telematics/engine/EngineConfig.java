package dev.telematics.engine;

import dev.telematics.broker.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the engine can be told at start, with defaults ({@link #defaults()}). Configuration
 * version 1.
 *
 * @param mqttHost        broker bind address
 * @param mqttPort        broker TCP port
 * @param httpHost        API bind address
 * @param httpPort        API port (0: any free port)
 * @param rulesDir        folder of rules files
 * @param maxPayloadBytes larger vehicle messages are rejected (PAYLOAD_TOO_LARGE)
 * @param maxClockSkew    how far a vehicle timestamp may be ahead of the engine's clock
 * @param maxSampleAge    how old a vehicle timestamp may be (data buffered while offline)
 * @param workers         ingest worker threads (vehicles are spread over them by VIN)
 * @param queueCapacity   messages each worker may have waiting before the broker is slowed down
 * @param queueTimeout    how long the broker waits for room in a full queue before refusing a message
 * @param historyCapacity samples kept per vehicle and signal
 * @param historyWindow   how far back a case's evidence reaches
 * @param receiveMaximum  MQTT 5 server receive maximum of the broker
 * @param bareBroker      benchmark only: the broker counts vehicle messages and the engine does nothing with them
 * @param security        MQTT clients must authenticate (VIN or owner:VIN and a provisioned secret) and may use only
 *                        their own vehicle's topics; off only for tests, benchmarks and trusted networks
 * @param maxMessagesPerSecond per MQTT client, on average (bursts of twice as many, at least 10); more are refused
 *                        (PUBACK 0x97 QUOTA_EXCEEDED) and counted; 0 = no limit
 * @param tls             an MQTT over TLS listener next to the plain one (key store, optional trust store for
 *                        client certificates); null: none
 * @param maxConnections  open MQTT connections the broker accepts (all listeners together); more are refused at
 *                        CONNECT with 0x97 QUOTA_EXCEEDED; 0 = no limit. The default, 25,000, leaves room above the
 *                        10,000-car load bench
 */
public record EngineConfig(String mqttHost, int mqttPort, String httpHost, int httpPort, Path rulesDir,
                           int maxPayloadBytes, Duration maxClockSkew, Duration maxSampleAge, int workers,
                           int queueCapacity, Duration queueTimeout, int historyCapacity, Duration historyWindow,
                           int receiveMaximum, boolean bareBroker, boolean security, int maxMessagesPerSecond,
                           TlsConfig tls, int maxConnections) {
    public static final int VERSION = 1;
    public static final int DEFAULT_MAX_CONNECTIONS = 25_000;
    public static final int MAX_PAYLOAD_LIMIT = 1_000_000;

    public EngineConfig {
        Objects.requireNonNull(mqttHost, "mqttHost");
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(rulesDir, "rulesDir");
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        Objects.requireNonNull(maxSampleAge, "maxSampleAge");
        Objects.requireNonNull(queueTimeout, "queueTimeout");
        Objects.requireNonNull(historyWindow, "historyWindow");
        if (maxPayloadBytes < 64 || maxPayloadBytes > MAX_PAYLOAD_LIMIT) {
            // above 1 MB a string inside a skipped JSON value would escape the decoder's string-length limit
            throw new IllegalArgumentException("max payload must be 64 bytes to " + MAX_PAYLOAD_LIMIT + " bytes, got "
                    + maxPayloadBytes);
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("HTTP port must be 0-65535, got " + httpPort);
        }
        if (mqttPort < 1 || mqttPort > 65535) {
            throw new IllegalArgumentException("MQTT port must be 1-65535, got " + mqttPort);
        }
        if (workers < 1 || queueCapacity < 1 || historyCapacity < 1) {
            throw new IllegalArgumentException("workers, queue capacity and history capacity must be >= 1");
        }
        if (maxMessagesPerSecond < 0) {
            throw new IllegalArgumentException("max messages per second must be >= 0 (0: no limit)");
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("max connections must be >= 0 (0: no limit), got " + maxConnections);
        }
        if (tls != null && tls.port() == mqttPort) {
            throw new IllegalArgumentException("the TLS port must differ from the MQTT port " + mqttPort);
        }
        if (receiveMaximum < 1 || receiveMaximum > 65535) {
            throw new IllegalArgumentException("receive maximum must be 1-65535, got " + receiveMaximum);
        }
        if (maxClockSkew.isNegative() || maxSampleAge.isNegative() || maxSampleAge.isZero()
                || queueTimeout.isNegative() || historyWindow.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative (and max sample age > 0)");
        }
    }

    public static EngineConfig defaults() {
        return new EngineConfig("127.0.0.1", 1883, "127.0.0.1", 8080, Path.of("rules"), 64 * 1024,
                Duration.ofMinutes(5), Duration.ofDays(30), Math.max(1, Runtime.getRuntime().availableProcessors()),
                10_000, Duration.ofSeconds(5), 120, Duration.ofMinutes(10), 1000, false, true, 20,
                null, DEFAULT_MAX_CONNECTIONS);
    }

    public EngineConfig withMqtt(String host, int port) {
        return new EngineConfig(host, port, httpHost, httpPort, rulesDir, maxPayloadBytes, maxClockSkew,
                maxSampleAge, workers, queueCapacity, queueTimeout, historyCapacity, historyWindow, receiveMaximum, bareBroker, security, maxMessagesPerSecond, tls, maxConnections);
    }

    public EngineConfig withMqttPort(int port) {
        return withMqtt(mqttHost, port);
    }

    public EngineConfig withHttp(String host, int port) {
        return new EngineConfig(mqttHost, mqttPort, host, port, rulesDir, maxPayloadBytes, maxClockSkew,
                maxSampleAge, workers, queueCapacity, queueTimeout, historyCapacity, historyWindow, receiveMaximum, bareBroker, security, maxMessagesPerSecond, tls, maxConnections);
    }

    public EngineConfig withHttpPort(int port) {
        return withHttp(httpHost, port);
    }

    public EngineConfig withRulesDir(Path dir) {
        return new EngineConfig(mqttHost, mqttPort, httpHost, httpPort, dir, maxPayloadBytes, maxClockSkew,
                maxSampleAge, workers, queueCapacity, queueTimeout, historyCapacity, historyWindow, receiveMaximum, bareBroker, security, maxMessagesPerSecond, tls, maxConnections);
    }

    public EngineConfig withBareBroker(boolean bare) {
        return new EngineConfig(mqttHost, mqttPort, httpHost, httpPort, rulesDir, maxPayloadBytes, maxClockSkew,
                maxSampleAge, workers, queueCapacity, queueTimeout, historyCapacity, historyWindow, receiveMaximum, bare, security, maxMessagesPerSecond, tls, maxConnections);
    }

    public EngineConfig withMaxMessagesPerSecond(int perSecond) {
        return new EngineConfig(mqttHost, mqttPort, httpHost, httpPort, rulesDir, maxPayloadBytes, maxClockSkew,
                maxSampleAge, workers, queueCapacity, queueTimeout, historyCapacity, historyWindow, receiveMaximum,
                bareBroker, security, perSecond, tls, maxConnections);
    }

    public EngineConfig withSecurity(boolean on) {
        return new EngineConfig(mqttHost, mqttPort, httpHost, httpPort, rulesDir, maxPayloadBytes, maxClockSkew,
                maxSampleAge, workers, queueCapacity, queueTimeout, historyCapacity, historyWindow, receiveMaximum,
                bareBroker, on, maxMessagesPerSecond, tls, maxConnections);
    }

    public EngineConfig withMaxPayloadBytes(int bytes) {
        return new EngineConfig(mqttHost, mqttPort, httpHost, httpPort, rulesDir, bytes, maxClockSkew,
                maxSampleAge, workers, queueCapacity, queueTimeout, historyCapacity, historyWindow, receiveMaximum, bareBroker, security, maxMessagesPerSecond, tls, maxConnections);
    }

    /** With an MQTT over TLS listener ({@code null}: none). */
    public EngineConfig withTls(TlsConfig t) {
        return new EngineConfig(mqttHost, mqttPort, httpHost, httpPort, rulesDir, maxPayloadBytes, maxClockSkew,
                maxSampleAge, workers, queueCapacity, queueTimeout, historyCapacity, historyWindow, receiveMaximum,
                bareBroker, security, maxMessagesPerSecond, t, maxConnections);
    }

    public EngineConfig withMaxConnections(int max) {
        return new EngineConfig(mqttHost, mqttPort, httpHost, httpPort, rulesDir, maxPayloadBytes, maxClockSkew,
                maxSampleAge, workers, queueCapacity, queueTimeout, historyCapacity, historyWindow, receiveMaximum,
                bareBroker, security, maxMessagesPerSecond, tls, max);
    }
}

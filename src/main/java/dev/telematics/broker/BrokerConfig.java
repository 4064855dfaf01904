package dev.telematics.broker;

import java.time.Duration;

/**
 * Settings of the embedded broker.
 *
 * @param host            listener bind address (default 127.0.0.1)
 * @param port            MQTT TCP port
 * @param receiveMaximum  MQTT 5 server receive maximum: QoS 1/2 publishes a client may have in flight
 *                        (HiveMQ's default of 10 throttles a vehicle; we default to 1000)
 * @param maxPacketBytes  largest MQTT packet the broker takes; larger ones cost the client its connection,
 *                        so it sits well above the engine's own payload limit, which rejects and counts
 * @param maxQueuedMessages messages queued per subscriber before HiveMQ discards
 * @param maxPublishesPerSecond per client, on average (0: no limit)
 * @param tls             the MQTT over TLS listener on the same bind address; null: none
 * @param maxConnections  open MQTT connections over all listeners; HiveMQ refuses more at CONNECT with
 *                        CONNACK QUOTA_EXCEEDED (0x97); 0: no limit
 * @param ackTimeout      how long a QoS 1/2 publish may wait for the engine to take responsibility for it; then
 *                        the client gets a failure reason code (0x97) and sends it again
 * @param connectTimeout  how long a new TCP connection may stay silent before it sends CONNECT (HiveMQ's
 *                        {@code restrictions/no-connect-idle-timeout}; HiveMQ's own default is 10 s). HiveMQ counts
 *                        such a socket against {@code maxConnections} until it closes it, so a short timeout keeps
 *                        idle sockets from locking cars out. It is a deadline for the whole CONNECT packet:
 *                        a client trickling one byte at a time does not restart it (HiveMQ's idle handler sits
 *                        behind the MQTT decoder); whole milliseconds
 */
public record BrokerConfig(String host, int port, int receiveMaximum, int maxPacketBytes, int maxQueuedMessages,
                           int maxPublishesPerSecond, TlsConfig tls, int maxConnections, Duration ackTimeout,
                           Duration connectTimeout) {
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    /** With the default CONNECT timeout. */
    public BrokerConfig(String host, int port, int receiveMaximum, int maxPacketBytes, int maxQueuedMessages,
                        int maxPublishesPerSecond, TlsConfig tls, int maxConnections, Duration ackTimeout) {
        this(host, port, receiveMaximum, maxPacketBytes, maxQueuedMessages, maxPublishesPerSecond, tls, maxConnections,
                ackTimeout, DEFAULT_CONNECT_TIMEOUT);
    }

    /** With the default acknowledgement timeout. */
    public BrokerConfig(String host, int port, int receiveMaximum, int maxPacketBytes, int maxQueuedMessages,
                        int maxPublishesPerSecond, TlsConfig tls, int maxConnections) {
        this(host, port, receiveMaximum, maxPacketBytes, maxQueuedMessages, maxPublishesPerSecond, tls, maxConnections,
                DEFAULT_ACK_TIMEOUT);
    }

    /** Without a per-client publish limit. */
    public BrokerConfig(String host, int port, int receiveMaximum, int maxPacketBytes, int maxQueuedMessages) {
        this(host, port, receiveMaximum, maxPacketBytes, maxQueuedMessages, 0);
    }

    /** Without a TLS listener or a connection limit. */
    public BrokerConfig(String host, int port, int receiveMaximum, int maxPacketBytes, int maxQueuedMessages,
                        int maxPublishesPerSecond) {
        this(host, port, receiveMaximum, maxPacketBytes, maxQueuedMessages, maxPublishesPerSecond, null, 0);
    }

    public BrokerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("broker host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("MQTT port must be 1-65535, got " + port);
        }
        if (receiveMaximum < 1 || receiveMaximum > 65535) {
            throw new IllegalArgumentException("receive maximum must be 1-65535, got " + receiveMaximum);
        }
        if (maxPacketBytes < 1024) {
            throw new IllegalArgumentException("max packet size must be >= 1024 bytes");
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("max connections must be >= 0 (0: no limit), got " + maxConnections);
        }
        if (ackTimeout == null || ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new IllegalArgumentException("the acknowledgement timeout must be > 0, got " + ackTimeout);
        }
        if (connectTimeout == null || connectTimeout.toMillis() < 1 || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the CONNECT timeout must be 1 ms to 24 days, got " + connectTimeout);
        }
        if (tls != null && tls.port() == port) {
            throw new IllegalArgumentException("the TLS listener needs a port of its own, not the MQTT port " + port);
        }
    }

    /**
     * HiveMQ's config.xml for these settings (in-memory persistence, no usage statistics). With TLS it
     * holds the store passwords: the broker writes it readable by its owner only.
     */
    String toXml() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>%s</bind-address>
                    </tcp-listener>
                %s  </listeners>
                  <restrictions>
                    <max-connections>%d</max-connections>
                    <no-connect-idle-timeout>%d</no-connect-idle-timeout>
                  </restrictions>
                  <mqtt>
                    <queued-messages><max-queue-size>%d</max-queue-size></queued-messages>
                    <packets><max-packet-size>%d</max-packet-size></packets>
                    <receive-maximum><server-receive-maximum>%d</server-receive-maximum></receive-maximum>
                    <retained-messages><enabled>false</enabled></retained-messages>
                  </mqtt>
                  <persistence><mode>in-memory</mode></persistence>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, xmlEscape(host), tlsListenerXml(), maxConnections == 0 ? -1 : maxConnections,
                connectTimeout.toMillis(), maxQueuedMessages, maxPacketBytes, receiveMaximum);
    }

    private String tlsListenerXml() {
        if (tls == null) {
            return "";
        }
        String trust = tls.trustStore() == null ? "" : """
                        <truststore>
                          <path>%s</path>
                          <password>%s</password>
                        </truststore>
                """.formatted(xmlEscape(tls.trustStore().toAbsolutePath().toString()), xmlEscape(tls.trustStorePassword()));
        return """
                    <tls-tcp-listener>
                      <port>%d</port>
                      <bind-address>%s</bind-address>
                      <name>tls</name>
                      <tls>
                        <keystore>
                          <path>%s</path>
                          <password>%s</password>
                          <private-key-password>%s</private-key-password>
                        </keystore>
                %s        <client-authentication-mode>%s</client-authentication-mode>
                      </tls>
                    </tls-tcp-listener>
                """.formatted(tls.port(), xmlEscape(host), xmlEscape(tls.keyStore().toAbsolutePath().toString()),
                xmlEscape(tls.keyStorePassword()), xmlEscape(tls.keyPassword()), trust, tls.clientAuth().name());
    }

    /**
     * Text for an XML element. {@code $} too: HiveMQ replaces {@code ${NAME}} in the raw file with a
     * system property or environment variable before it parses the XML, so a password holding
     * {@code ${...}} must not reach it as such.
     */
    static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("$", "&#36;");
    }
}

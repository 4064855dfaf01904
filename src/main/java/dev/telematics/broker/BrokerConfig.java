package dev.telematics.broker;

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
 */
public record BrokerConfig(String host, int port, int receiveMaximum, int maxPacketBytes, int maxQueuedMessages,
                           int maxPublishesPerSecond) {
    /** Without a per-client publish limit. */
    public BrokerConfig(String host, int port, int receiveMaximum, int maxPacketBytes, int maxQueuedMessages) {
        this(host, port, receiveMaximum, maxPacketBytes, maxQueuedMessages, 0);
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
    }

    /** HiveMQ's config.xml for these settings (in-memory persistence, no usage statistics). */
    String toXml() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>%s</bind-address>
                    </tcp-listener>
                  </listeners>
                  <mqtt>
                    <queued-messages><max-queue-size>%d</max-queue-size></queued-messages>
                    <packets><max-packet-size>%d</max-packet-size></packets>
                    <receive-maximum><server-receive-maximum>%d</server-receive-maximum></receive-maximum>
                    <retained-messages><enabled>false</enabled></retained-messages>
                  </mqtt>
                  <persistence><mode>in-memory</mode></persistence>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, xmlEscape(host), maxQueuedMessages, maxPacketBytes, receiveMaximum);
    }

    private static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

package dev.telematics.broker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** Connection counters of the broker, fed by HiveMQ's client lifecycle events. Thread-safe. */
public final class BrokerStats {
    private final int maxConnections;
    private final long connectTimeoutMillis;
    private final LongAdder connections = new LongAdder();
    private final LongAdder disconnects = new LongAdder();
    private final LongAdder refusedOverloaded = new LongAdder();
    private final LongAdder spoofedWarnings = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder ackedLate = new LongAdder();
    private final LongAdder refusedLastWills = new LongAdder();
    private final Map<String, LongAdder> failureAcks = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> serverDisconnects = new ConcurrentHashMap<>();
    private volatile IntSupplier openConnections;

    /**
     * @param maxConnections the broker's configured connection limit (0: none), shown in the snapshot
     * @param connectTimeout how long a socket may stay silent before CONNECT, shown in the snapshot
     */
    BrokerStats(int maxConnections, java.time.Duration connectTimeout) {
        this.maxConnections = maxConnections;
        this.connectTimeoutMillis = connectTimeout.toMillis();
    }

    /**
     * HiveMQ's own count of open connections (the one its connection limit is held against), while the
     * broker runs; null: count from the lifecycle events. Those miss the connections refused at the limit:
     * HiveMQ tells of their start but not of their end.
     */
    void openConnections(IntSupplier count) {
        this.openConnections = count;
    }

    void connected() {
        connections.increment();
    }

    void disconnected() {
        disconnects.increment();
    }

    /** The broker closed a client's connection, e.g. PACKET_TOO_LARGE or PROTOCOL_ERROR. */
    void serverDisconnect(String reason) {
        serverDisconnects.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    void refusedOverloaded() {
        refusedOverloaded.increment();
    }

    void rateLimited() {
        rateLimited.increment();
    }

    /** A publish answered with a failure reason code (MQTT 5 PUBACK/PUBREC, or a disconnect for MQTT 3). */
    void failureAck(String reasonCode) {
        failureAcks.computeIfAbsent(reasonCode, k -> new LongAdder()).increment();
    }

    /** The engine took a publish only after the acknowledgement timeout: the client was told to send it again. */
    void ackedLate() {
        ackedLate.increment();
    }

    /** A CONNECT refused for its Last Will on a vehicle topic (security off; with it on, MqttSecurity counts). */
    void refusedLastWill() {
        refusedLastWills.increment();
    }

    void spoofedWarning() {
        spoofedWarnings.increment();
    }

    /**
     * A snapshot for the API: current connections and the configured limit ({@code maxConnections}, 0:
     * none), the CONNECT timeout, totals, and the broker's own disconnects by reason. HiveMQ CE does not count
     * the sockets it closes for sending no CONNECT in time (it only logs them at DEBUG), so neither can we;
     * {@code connectedClients} is HiveMQ's count of open sockets and includes those not yet past CONNECT.
     */
    public Map<String, Object> snapshot() {
        Map<String, Long> byReason = new TreeMap<>();
        serverDisconnects.forEach((k, v) -> byReason.put(k, v.sum()));
        Map<String, Long> failures = new TreeMap<>();
        failureAcks.forEach((k, v) -> failures.put(k, v.sum()));
        IntSupplier open = openConnections;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connectedClients", open != null ? open.getAsInt() : connections.sum() - disconnects.sum());
        m.put("maxConnections", maxConnections);
        m.put("connectTimeoutMillis", connectTimeoutMillis);
        m.put("connectionsTotal", connections.sum());
        m.put("serverDisconnectsByReason", byReason);
        m.put("publishesRefusedOverloaded", refusedOverloaded.sum());
        m.put("warningPublishesBlocked", spoofedWarnings.sum());
        m.put("publishesRefusedRateLimit", rateLimited.sum());
        m.put("failureAcksByReason", failures);
        m.put("processedAfterAckTimeout", ackedLate.sum());
        m.put("refusedLastWills", refusedLastWills.sum());
        return m;
    }
}

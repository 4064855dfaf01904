package dev.telematics.broker;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** Connection counters of the broker, fed by HiveMQ's client lifecycle events. Thread-safe. */
public final class BrokerStats {
    private final int maxConnections;
    private final LongAdder connections = new LongAdder();
    private final LongAdder disconnects = new LongAdder();
    private final LongAdder refusedOverloaded = new LongAdder();
    private final LongAdder spoofedWarnings = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final Map<String, LongAdder> serverDisconnects = new ConcurrentHashMap<>();
    private volatile IntSupplier openConnections;

    /** @param maxConnections the broker's configured connection limit (0: none), shown in the snapshot */
    BrokerStats(int maxConnections) {
        this.maxConnections = maxConnections;
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

    void spoofedWarning() {
        spoofedWarnings.increment();
    }

    /**
     * A snapshot for the API: current connections and the configured limit ({@code maxConnections}, 0:
     * none), totals, and the broker's own disconnects by reason.
     */
    public Map<String, Object> snapshot() {
        Map<String, Long> byReason = new TreeMap<>();
        serverDisconnects.forEach((k, v) -> byReason.put(k, v.sum()));
        IntSupplier open = openConnections;
        return Map.of("connectedClients", open != null ? open.getAsInt() : connections.sum() - disconnects.sum(),
                "maxConnections", maxConnections,
                "connectionsTotal", connections.sum(),
                "serverDisconnectsByReason", byReason,
                "publishesRefusedOverloaded", refusedOverloaded.sum(),
                "warningPublishesBlocked", spoofedWarnings.sum(),
                "publishesRefusedRateLimit", rateLimited.sum());
    }
}

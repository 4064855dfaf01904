package dev.telematics.broker;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Connection counters of the broker, fed by HiveMQ's client lifecycle events. Thread-safe. */
public final class BrokerStats {
    private final LongAdder connections = new LongAdder();
    private final LongAdder disconnects = new LongAdder();
    private final LongAdder refusedOverloaded = new LongAdder();
    private final LongAdder spoofedWarnings = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final Map<String, LongAdder> serverDisconnects = new ConcurrentHashMap<>();

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

    /** A snapshot for the API: current connections, totals, and the broker's own disconnects by reason. */
    public Map<String, Object> snapshot() {
        Map<String, Long> byReason = new TreeMap<>();
        serverDisconnects.forEach((k, v) -> byReason.put(k, v.sum()));
        return Map.of("connectedClients", connections.sum() - disconnects.sum(),
                "connectionsTotal", connections.sum(),
                "serverDisconnectsByReason", byReason,
                "publishesRefusedOverloaded", refusedOverloaded.sum(),
                "warningPublishesBlocked", spoofedWarnings.sum(),
                "publishesRefusedRateLimit", rateLimited.sum());
    }
}

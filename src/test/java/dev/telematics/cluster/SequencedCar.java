package dev.telematics.cluster;

import dev.telematics.testing.MqttTestClient;
import dev.telematics.topic.Topics;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * A test car that publishes sequence-numbered telemetry with QoS 1, one message at a time, as a real car does: a
 * message counts as delivered only when its PUBACK is a success; a refusal (0x97) or a lost connection means
 * the car keeps it and sends it again (after reconnecting, to whichever node {@code nodes} names next: the load
 * balancer's choice). {@code Vehicle.Speed} carries the sequence number, so the car's state shows which messages
 * it holds.
 */
final class SequencedCar implements Runnable {
    static final String SIGNAL = "Vehicle.Speed";
    final String vin;
    private final int count;
    private final long baseMillis;
    private final IntSupplier nodes;
    final Set<Integer> acked = ConcurrentHashMap.newKeySet();
    final List<Integer> refusals = new CopyOnWriteArrayList<>();
    final AtomicInteger reconnects = new AtomicInteger();
    final AtomicLong lastAttemptNanos = new AtomicLong();
    volatile Throwable failed;
    volatile boolean done;

    /** {@code nodes}: the MQTT port to (re)connect to; {@code baseMillis}: the car time of message 0. */
    SequencedCar(String vin, int count, long baseMillis, IntSupplier nodes) {
        this.vin = vin;
        this.count = count;
        this.baseMillis = baseMillis;
        this.nodes = nodes;
    }

    @Override
    public void run() {
        MqttTestClient client = null;
        try {
            for (int seq = 1; seq <= count; seq++) {
                while (true) {
                    lastAttemptNanos.set(System.nanoTime());
                    try {
                        if (client == null || !client.isConnected()) {
                            if (client != null) {
                                reconnects.incrementAndGet();
                                closeQuietly(client);
                            }
                            client = new MqttTestClient(nodes.getAsInt(), vin);
                        }
                        int reason = client.publishForReason(Topics.telemetry(vin), "{\"ts\":" + (baseMillis + seq * 1000L)
                                + ",\"seq\":" + seq + ",\"signals\":{\"" + SIGNAL + "\":" + seq + "}}");
                        if (reason < 0x80) {
                            acked.add(seq);
                            break;
                        }
                        refusals.add(reason); // the engine could not take it now: the car sends it again
                    } catch (Exception lost) { // connection lost or refused: reconnect and send it again
                        closeQuietly(client);
                        client = null;
                    }
                }
            }
        } catch (Throwable t) {
            failed = t;
        } finally {
            closeQuietly(client);
            done = true;
        }
    }

    private static void closeQuietly(MqttTestClient c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // already gone
            }
        }
    }
}

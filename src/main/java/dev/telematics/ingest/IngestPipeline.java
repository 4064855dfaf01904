package dev.telematics.ingest;

import dev.telematics.metrics.LatencyRecorder;
import dev.telematics.vehicle.Vin;
import java.util.Map;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry of the hot path: takes raw vehicle messages from the broker, rejects what is plainly wrong
 * (topic, VIN, size) at once, and queues the rest to one of N workers chosen by VIN, so one vehicle's
 * messages are processed in order by one thread while vehicles are processed in parallel.
 *
 * <p>Threading: {@link #submit} may be called from any thread (the broker's). When a worker's queue is
 * full, submit waits up to {@code queueTimeout}: back-pressure reaches the broker and the cars. If the
 * queue is still full then, the message is refused (counted as OVERLOADED) and the broker tells the
 * car so; nothing is dropped silently.
 */
public final class IngestPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private final MessageHandler handler;
    private final IngestStats stats;
    private final Clock clock;
    private final int maxPayloadBytes;
    private final long queueTimeoutNanos;
    private final List<BlockingQueue<InboundMessage>> queues = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final LongAdder queued = new LongAdder();
    private final LongAdder done = new LongAdder();
    private final AtomicBoolean running = new AtomicBoolean();
    private static final InboundMessage STOP = new InboundMessage(null, null, new byte[0], 0, 0);
    private static final int BATCH = 256;
    private final LatencyRecorder queueWait = new LatencyRecorder();
    private final LatencyRecorder processing = new LatencyRecorder();

    public IngestPipeline(MessageHandler handler, IngestStats stats, Clock clock, int workers, int queueCapacity,
                          int maxPayloadBytes, java.time.Duration queueTimeout) {
        if (workers < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("workers and queue capacity must be >= 1");
        }
        this.handler = handler;
        this.stats = stats;
        this.clock = clock;
        this.maxPayloadBytes = maxPayloadBytes;
        this.queueTimeoutNanos = queueTimeout.toNanos();
        for (int i = 0; i < workers; i++) {
            queues.add(new ArrayBlockingQueue<>(queueCapacity));
        }
    }

    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        for (int i = 0; i < queues.size(); i++) {
            BlockingQueue<InboundMessage> q = queues.get(i);
            Thread t = new Thread(() -> work(q), "ingest-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /**
     * Takes one message published on {@code topic}: queues it, or rejects it at once (counted and logged).
     * Returns false only when the engine is overloaded and refuses the message (see the class comment).
     */
    public boolean submit(String topic, byte[] payload) {
        stats.received();
        String vin = VehicleTopics.vinSegment(topic);
        MessageKind kind = VehicleTopics.kindOf(topic);
        InboundMessage msg;
        if (vin == null || kind == null) {
            handler.reject(null, RejectReason.INVALID_TOPIC,
                    "topic '" + clip(topic) + "' is not vehicles/{VIN}/telemetry, dtc, warnings/ack, owner/settings "
                            + "or owner/consent");
            return true;
        }
        stats.receivedKind(kind);
        if (!Vin.isValid(vin)) {
            handler.reject(null, RejectReason.INVALID_VIN, "topic VIN '" + clip(vin) + "' is not a valid VIN");
            return true;
        }
        msg = new InboundMessage(new Vin(vin), kind, payload, clock.millis(), System.nanoTime());
        if (payload.length > maxPayloadBytes) {
            handler.reject(msg.vin(), RejectReason.PAYLOAD_TOO_LARGE,
                    payload.length + " bytes, limit " + maxPayloadBytes);
            return true;
        }
        BlockingQueue<InboundMessage> q = queues.get(Math.floorMod(vin.hashCode(), queues.size()));
        queued.increment();
        boolean taken;
        try {
            taken = q.offer(msg) || q.offer(msg, queueTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            taken = false;
        }
        if (!taken) {
            queued.decrement();
            handler.reject(msg.vin(), RejectReason.OVERLOADED, "worker queue full; the car is told to send again");
        }
        return taken;
    }

    /** Takes messages in batches (one lock round-trip for up to {@value #BATCH} messages) and handles them in order. */
    private void work(BlockingQueue<InboundMessage> q) {
        java.util.ArrayList<InboundMessage> batch = new java.util.ArrayList<>(BATCH);
        while (true) {
            try {
                batch.add(q.take());
            } catch (InterruptedException e) {
                return;
            }
            q.drainTo(batch, BATCH - 1);
            for (int i = 0; i < batch.size(); i++) {
                InboundMessage m = batch.get(i);
                if (m == STOP) {
                    return;
                }
                handleOne(m);
            }
            batch.clear();
        }
    }

    private void handleOne(InboundMessage m) {
        long started = System.nanoTime();
        queueWait.recordNanos(started - m.receivedNanos());
        try {
            handler.handle(m);
        } catch (Throwable e) { // a worker must survive anything: a dead worker would stall its vehicles
            LOG.error("processing a message of {} failed; the vehicle's next message is processed normally",
                    m.vin(), e);
            handler.reject(m.vin(), RejectReason.PROCESSING_ERROR, e.toString());
        } finally {
            processing.recordNanos(System.nanoTime() - started);
            done.increment();
        }
    }

    /** True when every queued message has been processed. */
    public boolean idle() {
        return done.sum() == queued.sum();
    }

    /** Time from the broker handing a message over to a worker taking it, and the worker's processing time. */
    public Map<String, Object> latencies() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("queueWaitMs", queueWait.snapshot());
        m.put("processingMs", processing.snapshot());
        return m;
    }

    public void resetLatencies() {
        queueWait.reset();
        processing.reset();
    }

    /** True while every worker thread runs. */
    public boolean healthy() {
        return running.get() && workers.stream().allMatch(Thread::isAlive);
    }

    /** Waits until the queues are empty or the timeout passes; returns whether they are empty. */
    public boolean drain(java.time.Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!idle() && System.nanoTime() < end && healthy()) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        return idle();
    }

    /** Messages waiting in the queues. */
    public long backlog() {
        return queued.sum() - done.sum();
    }

    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        for (BlockingQueue<InboundMessage> q : queues) {
            try {
                q.put(STOP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Thread t : workers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}

package dev.telematics.processing;

import dev.telematics.handoff.Outcome;
import dev.telematics.handoff.ProcessingTier;
import dev.telematics.handoff.RejectReason;
import dev.telematics.handoff.VehicleMessage;
import dev.telematics.timing.LatencyBuckets;
import dev.telematics.timing.LatencyRecorder;
import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single node's processing tier: N worker threads, each with a bounded queue; a vehicle's messages
 * always go to the worker {@code hash(VIN) mod N}, so they are processed in order by one thread while
 * vehicles are processed in parallel. The future of a message completes once {@link VehicleProcessor}
 * has processed it (state updated, case write committed, warning handed to delivery).
 *
 * <p>Threading: {@link #submit} may be called from any thread and never blocks. A full queue answers
 * {@link RejectReason#OVERLOADED} at once: the broker then refuses the message (0x97) and the car keeps
 * it. Back-pressure comes from the broker, which holds each client's next publish until the engine has
 * answered the previous one, so the queues hold at most about one message per connected client.
 *
 * <p>Fairness: a car's messages wait behind at most one message of each other client on the worker, and
 * what one message costs is bounded (the evidence limits). A car that keeps sending expensive messages is
 * held to a share of its worker's time ({@link VinBudget}: 2 s at once, then 50 ms per second); over it,
 * its messages are refused OVERLOADED (0x97) until the share has refilled, so the cars it shares the
 * worker with stay prompt (its owner app's messages are still taken).
 */
public final class InProcessTier implements ProcessingTier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessTier.class);
    private static final int BATCH = 256;
    private static final Job STOP = new Job(null, null, null, null);
    private static final long TASK_OFFER_SECONDS = 10;
    private final VehicleProcessor processor;
    private final List<BlockingQueue<Job>> queues = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final LongAdder queued = new LongAdder();
    private final LongAdder done = new LongAdder();
    private final AtomicBoolean running = new AtomicBoolean();
    private final LatencyRecorder queueWait = new LatencyRecorder();
    private final LatencyRecorder processing = new LatencyRecorder();
    private final VinBudget share;

    /** A vehicle message to process, or (message null) a task to run on the worker between two messages. */
    private record Job(VehicleMessage message, CompletableFuture<Outcome> answer, Runnable task,
                       CompletableFuture<Void> taskDone) {
    }

    public InProcessTier(VehicleProcessor processor, int workers, int queueCapacity) {
        this(processor, workers, queueCapacity, VinBudget.Limits.DEFAULTS);
    }

    /** {@code share}: how much of its worker's time one car may use ({@link VinBudget}). */
    InProcessTier(VehicleProcessor processor, int workers, int queueCapacity, VinBudget.Limits share) {
        if (workers < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("workers and queue capacity must be >= 1");
        }
        this.processor = processor;
        this.share = new VinBudget(share);
        for (int i = 0; i < workers; i++) {
            queues.add(new ArrayBlockingQueue<>(queueCapacity));
        }
    }

    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        for (int i = 0; i < queues.size(); i++) {
            BlockingQueue<Job> q = queues.get(i);
            Thread t = new Thread(() -> work(q), "processing-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    @Override
    public CompletableFuture<Outcome> submit(VehicleMessage message) {
        if (!running.get()) {
            return CompletableFuture.completedFuture(Outcome.rejected(RejectReason.OVERLOADED, "the engine is stopping"));
        }
        boolean fromCar = message instanceof VehicleMessage.Telemetry || message instanceof VehicleMessage.Dtcs;
        if (fromCar && !share.admits(message.vin(), System.nanoTime())) { // this car has used its share for now
            return CompletableFuture.completedFuture(Outcome.rejected(RejectReason.OVERLOADED,
                    "the car has used its share of the processing worker; it is told to send again later"));
        }
        CompletableFuture<Outcome> answer = new CompletableFuture<>();
        BlockingQueue<Job> q = queues.get(workerOf(message.vin()));
        queued.increment();
        if (!q.offer(new Job(message, answer, null, null))) {
            queued.decrement();
            return CompletableFuture.completedFuture(Outcome.rejected(RejectReason.OVERLOADED,
                    "worker queue full; the car is told to send again"));
        }
        return answer;
    }

    /**
     * Cluster mode: a message from the inbound log, which the car was already told is taken. Waits for room in
     * the worker's queue instead of refusing (the log's consumer is the only caller, and waiting is its
     * back-pressure), and no per-car share applies (the edge's rate limit did). Call off the broker's threads.
     * The future completes when the message is processed; at once with OVERLOADED when the tier is stopping.
     */
    public CompletableFuture<Outcome> submitInOrder(VehicleMessage message) throws InterruptedException {
        if (!running.get()) {
            return CompletableFuture.completedFuture(Outcome.rejected(RejectReason.OVERLOADED, "the engine is stopping"));
        }
        CompletableFuture<Outcome> answer = new CompletableFuture<>();
        queued.increment();
        queues.get(workerOf(message.vin())).put(new Job(message, answer, null, null));
        return answer;
    }

    /** The worker that owns a vehicle: all its messages, and its state, are that worker's. */
    private int workerOf(Vin vin) {
        return Math.floorMod(vin.hashCode(), queues.size());
    }

    /**
     * Runs {@code task} once on each worker thread, in its queue's order (after the messages queued before
     * it, before those queued after), handing it a test of which vehicles that worker owns: the way to read
     * vehicle state without a data race (vehicle state snapshots). Waits for room in a full queue (up to
     * 10 s) on the calling thread, so call it off the broker's threads. The future completes when every
     * worker has run the task, exceptionally when a worker could not take it; at once, with nothing run,
     * when the tier is not running.
     */
    public CompletableFuture<Void> onEachWorker(Consumer<Predicate<Vin>> task) {
        if (!running.get()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            int worker = i;
            CompletableFuture<Void> done = new CompletableFuture<>();
            all.add(done);
            Job job = new Job(null, null, () -> task.accept(vin -> workerOf(vin) == worker), done);
            try {
                if (!queues.get(i).offer(job, TASK_OFFER_SECONDS, TimeUnit.SECONDS)) {
                    done.completeExceptionally(new IllegalStateException("worker " + i + " queue stayed full"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done.completeExceptionally(e);
            }
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Takes messages in batches (one lock round-trip for up to {@value #BATCH} messages) and handles them in order. */
    private void work(BlockingQueue<Job> q) {
        List<Job> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                batch.add(q.take());
            } catch (InterruptedException e) {
                return;
            }
            q.drainTo(batch, BATCH - 1);
            for (Job job : batch) {
                if (job == STOP) {
                    return;
                }
                if (job.task() != null) {
                    runTask(job);
                } else {
                    handle(job);
                }
            }
            batch.clear();
        }
    }

    private static void runTask(Job job) {
        try {
            job.task().run();
            job.taskDone().complete(null);
        } catch (Throwable e) { // the worker goes on
            job.taskDone().completeExceptionally(e);
        }
    }

    private void handle(Job job) {
        long started = System.nanoTime();
        queueWait.recordNanos(started - job.message().receivedNanos());
        Outcome outcome;
        try {
            outcome = processor.process(job.message());
        } catch (Throwable e) { // a worker must survive anything: a dead worker would stall its vehicles
            LOG.error("processing a message of {} failed; the vehicle's next message is processed normally",
                    job.message().vin(), e);
            outcome = Outcome.rejected(RejectReason.PROCESSING_ERROR, e.toString());
        }
        long ended = System.nanoTime();
        processing.recordNanos(ended - started);
        share.charge(job.message().vin(), ended - started, ended); // before the answer: the car's next message sees it
        done.increment();
        try {
            job.answer().complete(outcome);
        } catch (Throwable e) { // an acknowledgement callback failed: the worker goes on
            LOG.warn("acknowledging a message of {} failed", job.message().vin(), e);
        }
    }

    /** True when every queued message has been processed. */
    public boolean idle() {
        return done.sum() == queued.sum();
    }

    /** Messages waiting in the queues. */
    public long backlog() {
        return queued.sum() - done.sum();
    }

    /** Time from the broker handing a message over to a worker taking it, and the worker's processing time. */
    public Map<String, Object> latencies() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queueWaitMs", queueWait.snapshot());
        m.put("processingMs", processing.snapshot());
        return m;
    }

    /** The same two stages as cumulative buckets since start, for Prometheus (a latency reset leaves them alone). */
    public Map<String, LatencyBuckets.Snapshot> latencyBuckets() {
        return Map.of("queue_wait", queueWait.cumulative(), "processing", processing.cumulative());
    }

    /** The per-car share of the workers ({@link VinBudget}): messages refused over it, cars tracked now. */
    public Map<String, Object> share() {
        return share.snapshot();
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
    public boolean drain(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!idle() && System.nanoTime() < end && healthy()) {
            LockSupport.parkNanos(5_000_000);
        }
        return idle();
    }

    /**
     * Stops taking messages, lets the workers finish what they have queued (up to 5 s each), and answers
     * OVERLOADED for anything still queued after that, so no car is ever told a message was processed
     * that was not.
     */
    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        for (BlockingQueue<Job> q : queues) {
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
        for (BlockingQueue<Job> q : queues) {
            for (Job j; (j = q.poll()) != null; ) {
                if (j.task() != null) {
                    j.taskDone().completeExceptionally(new IllegalStateException("the engine stopped"));
                } else if (j != STOP) {
                    j.answer().complete(Outcome.rejected(RejectReason.OVERLOADED, "the engine stopped"));
                    done.increment();
                }
            }
        }
    }
}

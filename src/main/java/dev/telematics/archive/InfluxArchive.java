package dev.telematics.archive;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.InfluxException;
import dev.telematics.cases.CaseEvent;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.rules.RuleFiring;
import dev.telematics.security.RateLimitedLog;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive on an InfluxDB v2 write API (InfluxDB 2, or a store that speaks its write API such as
 * VictoriaMetrics), through influxdb-client-java's blocking write API on a writer thread of its own.
 *
 * <p>No silent loss: points wait in a bounded buffer ({@link ArchiveSettings#bufferPoints}); the hot
 * path only offers to it and never waits (a sample is queued as it is; the writer thread encodes it). The writer sends batches; when the server is down or slow
 * (I/O error, timeout, 429, 5xx, and also 401/403/404, which an operator can fix while the engine keeps
 * the batch) it retries the same batch with back-off (doubling from 100 ms up to
 * {@link ArchiveSettings#maxRetryDelay}) and the buffer fills; a point offered to a full buffer is
 * dropped and counted ({@code dropped}). A batch the server refuses as malformed (400, 413, 422) is
 * dropped and counted ({@code rejectedByServer}). Written, retried and dropped points are counters.
 * Invariant: offered = written + dropped + rejectedByServer + buffered + in the batch being written.
 *
 * <p>Lifecycle: {@link #start()}, {@link #close()} (writes what is buffered for up to 5 s, plus one
 * request's timeout for a write under way, and counts the rest as dropped). Thread-safe.
 */
public final class InfluxArchive implements Archive {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxArchive.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private final RateLimitedLog log = new RateLimitedLog(LOG, 10);
    private final ArchiveSettings settings;
    /** Lines (alerts, case events) and not yet encoded samples ({@link PendingSample}). */
    private final BlockingQueue<Object> buffer;
    private final InfluxDBClient client;
    private final WriteApiBlocking writer;
    private final Thread thread;
    private volatile boolean closing;
    private final LongAdder offered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder rejectedByServer = new LongAdder();
    private final AtomicLong inBatch = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile boolean serverReachable = true;
    private volatile long closeDeadline = Long.MAX_VALUE;

    public InfluxArchive(ArchiveSettings settings) {
        this.settings = settings;
        this.buffer = new ArrayBlockingQueue<>(settings.bufferPoints());
        OkHttpClient.Builder http = new OkHttpClient.Builder().connectTimeout(settings.timeout())
                .readTimeout(settings.timeout()).writeTimeout(settings.timeout()).callTimeout(settings.timeout())
                .retryOnConnectionFailure(false);
        this.client = InfluxDBClientFactory.create(InfluxDBClientOptions.builder().url(settings.url().toString())
                .authenticateToken(settings.token().toCharArray()).org(settings.org()).bucket(settings.bucket())
                .okHttpClient(http).build());
        this.writer = client.getWriteApiBlocking();
        this.thread = new Thread(this::run, "archive-writer");
        this.thread.setDaemon(true);
    }

    @Override
    public void start() {
        thread.start();
        LOG.info("archive: writing telemetry, alerts and case events to {}", settings);
    }

    /** A sample waiting to be encoded: the writer thread, not the ingest worker, builds its line. */
    private record PendingSample(Vin vin, Sample sample) {
    }

    @Override
    public void telemetry(Vin vin, Sample s) {
        if (s.scalarCount() > 0) {
            offer(new PendingSample(vin, s));
        }
    }

    @Override
    public void alert(RuleFiring f) {
        offer(Points.alert(f));
    }

    @Override
    public void caseEvents(DiagnosticCase c, List<CaseEvent> added) {
        for (CaseEvent e : added) {
            offer(Points.caseEvent(c, e));
        }
    }

    private void offer(Object point) {
        offered.increment();
        if (closing || !buffer.offer(point)) {
            dropped.increment();
        }
    }

    private static String line(Object point) {
        return point instanceof PendingSample p ? Points.telemetry(p.vin(), p.sample()) : (String) point;
    }

    private void run() {
        List<Object> batch = new ArrayList<>(settings.batchSize());
        long flushNanos = settings.flushInterval().toNanos();
        while (!closing || !buffer.isEmpty()) {
            try {
                Object first = buffer.poll(flushNanos, TimeUnit.NANOSECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                inBatch.set(1); // counted as buffered from the moment it leaves the queue
                long deadline = System.nanoTime() + flushNanos;
                while (batch.size() < settings.batchSize()) { // a fuller batch, but never later than the flush interval
                    buffer.drainTo(batch, settings.batchSize() - batch.size());
                    inBatch.set(batch.size());
                    long left = deadline - System.nanoTime();
                    if (batch.size() >= settings.batchSize() || left <= 0 || closing) {
                        break;
                    }
                    Object next = buffer.poll(Math.min(left, 50_000_000L), TimeUnit.NANOSECONDS);
                    if (next != null) {
                        batch.add(next);
                        inBatch.set(batch.size());
                    }
                }
                List<String> lines = new ArrayList<>(batch.size());
                for (Object p : batch) {
                    lines.add(line(p));
                }
                write(lines);
            } catch (InterruptedException e) { // only at close, past its deadline: what is in hand is lost, and counted
                dropped.add(batch.size());
                inBatch.set(0);
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
    }

    /** Writes one batch, retrying with back-off until it is written, refused as malformed, or the archive closes. */
    private void write(List<String> batch) throws InterruptedException {
        Duration delay = FIRST_RETRY;
        while (true) {
            try {
                writer.writeRecords(settings.bucket(), settings.org(), WritePrecision.MS, batch);
                written.add(batch.size());
                inBatch.set(0);
                batches.increment();
                if (!serverReachable) {
                    LOG.info("archive: {} takes writes again", settings.url());
                    serverReachable = true;
                }
                return;
            } catch (InfluxException e) {
                int status = e.status();
                lastError.set((status == 0 ? "" : "HTTP " + status + ": ") + message(e));
                if (status == 400 || status == 413 || status == 422) {
                    rejectedByServer.add(batch.size());
                    inBatch.set(0);
                    log.warn("archive: the server refused a batch of {} points as malformed (HTTP {}): {}", batch.size(),
                            status, message(e));
                    return;
                }
            } catch (RuntimeException e) {
                lastError.set(message(e));
            }
            if (closing && System.nanoTime() > closeDeadline) {
                dropped.add(batch.size());
                inBatch.set(0);
                return;
            }
            if (serverReachable) {
                log.warn("archive: cannot write to {} ({}); retrying with back-off, ingest goes on, points beyond the "
                        + "buffer of {} are dropped and counted", settings.url(), lastError.get(), settings.bufferPoints());
                serverReachable = false;
            }
            retries.increment();
            TimeUnit.NANOSECONDS.sleep(Math.min(delay.toNanos(), Math.max(0, closing ? closeDeadline - System.nanoTime()
                    : Long.MAX_VALUE)));
            delay = delay.multipliedBy(2).compareTo(settings.maxRetryDelay()) > 0 ? settings.maxRetryDelay()
                    : delay.multipliedBy(2);
        }
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", true);
        m.put("target", settings.toString());
        m.put("pointsOffered", offered.sum());
        m.put("pointsWritten", written.sum());
        m.put("pointsDropped", dropped.sum());
        m.put("pointsRejectedByServer", rejectedByServer.sum());
        m.put("pointsBuffered", buffer.size() + inBatch.get());
        m.put("bufferCapacity", settings.bufferPoints());
        m.put("batchesWritten", batches.sum());
        m.put("writeRetries", retries.sum());
        m.put("serverReachable", serverReachable);
        m.put("lastError", lastError.get());
        return m;
    }

    public long pointsWritten() {
        return written.sum();
    }

    public long pointsDropped() {
        return dropped.sum();
    }

    public long pointsOffered() {
        return offered.sum();
    }

    public long writeRetries() {
        return retries.sum();
    }

    /** Points waiting in the buffer and in the batch being written. */
    public long pointsBuffered() {
        return buffer.size() + inBatch.get();
    }

    @Override
    public void close() {
        closeDeadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        closing = true;
        try {
            // a request under way ends within its call timeout; then the writer sees the deadline
            thread.join(CLOSE_TIMEOUT.toMillis() + settings.timeout().toMillis() + 1000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Object> left = new ArrayList<>();
        buffer.drainTo(left);
        dropped.add(left.size());
        if (!left.isEmpty()) {
            LOG.warn("archive: {} points could not be written before the engine stopped (counted as dropped)", left.size());
        }
        client.close();
    }
}

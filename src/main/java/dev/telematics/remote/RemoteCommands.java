package dev.telematics.remote;

import dev.telematics.handoff.CommandChannel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.cases.CaseEventType;
import dev.telematics.cases.CaseWorkflow;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.consent.ConsentStore;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.security.RateLimitedLog;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Remote diagnostic commands (read DTCs, signal snapshot, clear DTCs) sent to a car for a case, with the
 * owner's consent, and their outcome. Every step is audited on the case: COMMAND_SENT,
 * COMMAND_ANSWERED / COMMAND_REFUSED_BY_CAR / COMMAND_TIMED_OUT / COMMAND_SEND_FAILED, and an
 * ACCESS_REFUSED when consent is missing (the caller then gets 403 CONSENT_REQUIRED).
 *
 * <p>Threading: {@link #send} runs on HTTP threads, {@link #onResponse} on HiveMQ's extension threads
 * (it only parses and matches; the case is written on this service's own thread), {@link #checkTimeouts}
 * every half second on that thread (and from tests). Lifecycle: {@link #start()}, {@link #close()}.
 */
public final class RemoteCommands implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteCommands.class);
    public static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final int KEEP = 1_000;
    private static final int MAX_DETAIL = 2_000;
    private final RateLimitedLog log = new RateLimitedLog(LOG, 20);
    private final CaseWorkflow cases;
    private final ConsentStore consents;
    private final CommandChannel channel;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration timeout;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, RemoteCommand> pending = new ConcurrentHashMap<>();
    private final Map<String, RemoteCommand> recent = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RemoteCommand> eldest) {
            return size() > KEEP;
        }
    };
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "remote-commands");
        t.setDaemon(true);
        return t;
    });
    private final LongAdder sent = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder refusedNoConsent = new LongAdder();
    private final LongAdder unmatchedAnswers = new LongAdder();
    private final LongAdder invalidAnswers = new LongAdder();
    private final LongAdder lateAnswers = new LongAdder();
    private final LongAdder refusedByCar = new LongAdder();
    private final LongAdder sendFailed = new LongAdder();
    private final LongAdder discardedNoConsent = new LongAdder();

    public RemoteCommands(CaseWorkflow cases, ConsentStore consents, CommandChannel channel, ObjectMapper json,
                          Clock clock, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.toSeconds() > 3600) {
            throw new IllegalArgumentException("command timeout must be 1 s to 1 h, got " + timeout);
        }
        this.cases = cases;
        this.consents = consents;
        this.channel = channel;
        this.json = json;
        this.clock = clock;
        this.timeout = timeout;
    }

    public void start() {
        worker.scheduleWithFixedDelay(this::checkTimeoutsQuietly, 500, 500, TimeUnit.MILLISECONDS);
    }

    /**
     * Sends {@code type} to the car of case {@code ref} for {@code actor}. Refused with CONSENT_REQUIRED
     * (403, audited) without the owner's consent, INVALID_TRANSITION (409) on a closed case or when DTCs
     * would be cleared before the case has an outcome (a repair). Returns the PENDING command.
     */
    public RemoteCommand send(String ref, String actor, CommandType type) {
        DiagnosticCase c = cases.get(ref);
        if (!c.status().active()) {
            throw new EngineException(ErrorCode.INVALID_TRANSITION, "case " + c.number() + " is closed; reopen it "
                    + "(a new firing) before sending commands to the car");
        }
        if (type == CommandType.CLEAR_DTCS && !c.status().outcome()) {
            throw new EngineException(ErrorCode.INVALID_TRANSITION, "DTCs are cleared only after a repair: case "
                    + c.number() + " is " + c.status() + ", it needs an outcome first (e.g. RESOLVED_REMOTELY)");
        }
        requireConsent(c, actor, type.name());
        Instant now = clock.instant();
        String id = "CMD-" + HexFormat.of().formatHex(randomBytes());
        RemoteCommand cmd = new RemoteCommand(id, c.number(), c.vin(), type, actor, now, now.plus(timeout),
                CommandStatus.PENDING, null, null, null);
        cases.audit(c.number(), actor, CaseEventType.COMMAND_SENT, type + " sent to the car as " + id + "; expires at "
                + cmd.expiresAt());
        remember(cmd);
        pending.put(id, cmd);
        sent.increment();
        byte[] payload = request(cmd);
        CompletableFuture<Void> published;
        try {
            published = channel.send(c.vin(), id, payload, timeout);
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        published.whenComplete((v, err) -> {
            if (err != null) {
                settle(id, CommandStatus.SEND_FAILED, null, type + " could not be sent (" + err.getMessage() + ")");
            }
        });
        return get(id);
    }

    /**
     * Throws CONSENT_REQUIRED (and audits ACCESS_REFUSED on the case) unless the car's owner has granted
     * remote-diagnostic access.
     */
    public void requireConsent(DiagnosticCase c, String actor, String what) {
        if (consents.granted(c.vin())) {
            return;
        }
        refusedNoConsent.increment();
        cases.audit(c.number(), actor, CaseEventType.ACCESS_REFUSED, what + " refused: the owner has not granted "
                + "remote-diagnostic access");
        throw new EngineException(ErrorCode.CONSENT_REQUIRED, "the owner of " + c.vin() + " has not granted "
                + "remote-diagnostic access: live data and commands need the owner's consent (owner app)");
    }

    /**
     * A car's answer on {@code vehicles/{VIN}/commands/response}; {@code correlation} is the MQTT 5
     * correlation data of the request (the command id). Unknown, late or foreign answers are counted and
     * dropped. Never throws.
     */
    public void onResponse(String vin, byte[] correlation, byte[] payload) {
        String id = correlation == null ? null : new String(correlation, StandardCharsets.UTF_8);
        RemoteCommand cmd = id == null ? null : pending.get(id);
        if (cmd == null && id != null && known(id)) {
            lateAnswers.increment(); // after its timeout, or a second delivery of a QoS 1 answer
            return;
        }
        if (cmd == null || !cmd.vin().equals(vin)) {
            unmatchedAnswers.increment();
            log.warn("answer from {} matches no pending command (correlation {}); dropped", vin,
                    id == null ? "missing" : clip(id));
            return;
        }
        Map<String, Object> answer;
        try {
            if (payload.length > MAX_ANSWER_BYTES) {
                throw new IllegalArgumentException("larger than " + MAX_ANSWER_BYTES + " bytes");
            }
            answer = json.readValue(payload, new TypeReference<LinkedHashMap<String, Object>>() { });
            if (answer == null) {
                throw new IllegalArgumentException("not a JSON object");
            }
        } catch (Exception e) {
            invalidAnswers.increment();
            log.warn("answer from {} to {} is not a valid JSON object ({}); still waiting for a valid one", vin, id,
                    e.getMessage() == null ? "invalid" : clip(e.getMessage()));
            return;
        }
        Object status = answer.get("status");
        boolean ok = "OK".equals(status);
        String what = ok ? cmd.type() + " answered: " + Answers.summary(cmd.type(), answer)
                : cmd.type() + " not carried out by the car: " + (status == null ? "no status" : clip(String.valueOf(status)))
                        + (answer.get("reason") instanceof String r ? " (" + clip(r) + ")" : "");
        try {
            worker.execute(() -> {
                if (!consents.granted(cmd.vin())) { // withdrawn while the car was answering: keep nothing of it
                    settle(id, CommandStatus.CONSENT_WITHDRAWN, null, cmd.type() + " answer discarded: the owner "
                            + "withdrew remote-diagnostic access before the car answered");
                } else if (!settle(id, ok ? CommandStatus.ANSWERED : CommandStatus.REFUSED_BY_CAR, answer, what)) {
                    lateAnswers.increment();
                }
            });
        } catch (RejectedExecutionException stopping) {
            lateAnswers.increment(); // the engine is stopping; the command is settled by close()
        }
    }

    private boolean known(String id) {
        synchronized (recent) {
            return recent.containsKey(id);
        }
    }

    /** Whether this engine sent the command and waits for its answer (cluster mode routes answers by it). */
    public boolean waitsFor(byte[] correlation) {
        return correlation != null && pending.containsKey(new String(correlation, StandardCharsets.UTF_8));
    }

    /** Times out every pending command past its expiry; returns how many. */
    public int checkTimeouts() {
        Instant now = clock.instant();
        int n = 0;
        for (RemoteCommand c : List.copyOf(pending.values())) {
            if (!now.isBefore(c.expiresAt()) && settle(c.id(), CommandStatus.TIMED_OUT, null, c.type()
                    + ": no answer within " + timeout.toSeconds() + " s (the car may be off, asleep or out of coverage)")) {
                n++;
            }
        }
        return n;
    }

    private void checkTimeoutsQuietly() {
        try {
            checkTimeouts();
        } catch (RuntimeException e) {
            LOG.warn("checking command timeouts failed", e);
        }
    }

    /** Settles a pending command once and audits the outcome on its case; false when it was settled already. */
    private boolean settle(String id, CommandStatus to, Map<String, Object> answer, String what) {
        RemoteCommand cmd = pending.remove(id);
        if (cmd == null) {
            return false;
        }
        String detail = id + " " + what;
        RemoteCommand done = cmd.settled(to, clock.instant(), answer, detail.length() > MAX_DETAIL
                ? detail.substring(0, MAX_DETAIL) + "..." : detail);
        remember(done);
        switch (to) {
            case TIMED_OUT -> timedOut.increment();
            case ANSWERED -> answered.increment();
            case REFUSED_BY_CAR -> refusedByCar.increment();
            case SEND_FAILED -> sendFailed.increment();
            case CONSENT_WITHDRAWN -> discardedNoConsent.increment();
            default -> { }
        }
        try {
            cases.audit(cmd.caseNumber(), "engine", outcomeEvent(to), done.detail());
        } catch (RuntimeException e) {
            LOG.warn("outcome of {} could not be written to case {}: {}", id, cmd.caseNumber(), e.getMessage());
        }
        return true;
    }

    /** The audited event of a command's outcome on its case. */
    private static CaseEventType outcomeEvent(CommandStatus to) {
        return switch (to) {
            case ANSWERED -> CaseEventType.COMMAND_ANSWERED;
            case REFUSED_BY_CAR -> CaseEventType.COMMAND_REFUSED_BY_CAR;
            case TIMED_OUT -> CaseEventType.COMMAND_TIMED_OUT;
            case SEND_FAILED -> CaseEventType.COMMAND_SEND_FAILED;
            case CONSENT_WITHDRAWN -> CaseEventType.COMMAND_CONSENT_WITHDRAWN;
            case PENDING -> throw new IllegalArgumentException("a settled command is never PENDING");
        };
    }

    /** A command by id (COMMAND_NOT_FOUND when unknown or long forgotten). */
    public RemoteCommand get(String id) {
        synchronized (recent) {
            RemoteCommand c = recent.get(id);
            if (c == null) {
                throw new EngineException(ErrorCode.COMMAND_NOT_FOUND, "no command '" + clip(String.valueOf(id)) + "'");
            }
            return c;
        }
    }

    /** The commands sent for a case since the engine started, newest first. */
    public List<RemoteCommand> forCase(String caseNumber) {
        List<RemoteCommand> out = new ArrayList<>();
        synchronized (recent) {
            for (RemoteCommand c : recent.values()) {
                if (c.caseNumber().equals(caseNumber)) {
                    out.add(0, c);
                }
            }
        }
        return out;
    }

    private void remember(RemoteCommand c) {
        synchronized (recent) {
            recent.put(c.id(), c);
        }
    }

    private byte[] request(RemoteCommand c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("command", c.type().name());
        m.put("requestedAt", c.requestedAt().toEpochMilli());
        m.put("expiresAt", c.expiresAt().toEpochMilli());
        try {
            return json.writeValueAsBytes(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] randomBytes() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return b;
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** Counters for GET /api/stats. */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sent", sent.sum());
        m.put("pending", pending.size());
        m.put("answered", answered.sum());
        m.put("timedOut", timedOut.sum());
        m.put("refusedWithoutConsent", refusedNoConsent.sum());
        m.put("refusedByCar", refusedByCar.sum());
        m.put("sendFailed", sendFailed.sum());
        m.put("discardedConsentWithdrawn", discardedNoConsent.sum());
        m.put("unmatchedAnswers", unmatchedAnswers.sum());
        m.put("lateAnswers", lateAnswers.sum());
        m.put("invalidAnswers", invalidAnswers.sum());
        return m;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Stops: the commands still waiting are settled as TIMED_OUT ("the engine stopped before the car
     * answered", audited), so none stays PENDING on its case; later answers are counted as late.
     */
    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.shutdownNow();
        for (RemoteCommand c : List.copyOf(pending.values())) {
            settle(c.id(), CommandStatus.TIMED_OUT, null, c.type() + ": the engine stopped before the car answered");
        }
    }
}

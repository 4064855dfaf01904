package dev.telematics.rules;

import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.error.EngineException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload: watches the rules folder (and its knowledge-base folder) and, after a change settles,
 * loads everything again. Good rules replace the running ones at once; a bad edit leaves the running
 * rules in place and is reported with file, line and problem in the log and in {@link #status()}.
 *
 * <p>Lifecycle: {@link #start()} starts one daemon thread, {@link #close()} stops it. Thread-safe.
 */
public final class RuleReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuleReloader.class);
    private static final long SETTLE_MILLIS = 250;

    /** The outcome of the latest reload: when, whether it took effect, how many rules run, the problems. */
    public record Status(Instant at, boolean ok, int rules, List<String> problems) {
        public Status {
            problems = List.copyOf(problems);
        }
    }

    private final Path dir;
    private final RuleEngine engine;
    private final Function<Path, RuleSet> loadRules;
    private final Clock clock;
    private volatile Status status;
    private WatchService watcher;
    private Thread thread;

    public RuleReloader(Path dir, RuleEngine engine, Function<Path, RuleSet> loadRules, Clock clock) {
        this.dir = dir;
        this.engine = engine;
        this.loadRules = loadRules;
        this.clock = clock;
        this.status = new Status(clock.instant(), true, engine.rules().size(), List.of());
    }

    public Status status() {
        return status;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        try {
            watcher = FileSystems.getDefault().newWatchService();
            register(dir);
            Path kb = dir.resolve(KnowledgeBase.FOLDER);
            if (Files.isDirectory(kb)) {
                register(kb);
            }
        } catch (IOException e) {
            LOG.warn("cannot watch {} for rule changes; hot reload is off: {}", dir, e.toString());
            return;
        }
        thread = new Thread(this::watch, "rule-reloader");
        thread.setDaemon(true);
        thread.start();
    }

    private void register(Path p) throws IOException {
        p.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                drain(key);
                // let an editor finish writing (several events per save) before loading
                WatchKey more;
                while ((more = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                reload();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopped
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    /** Loads the rules folder again now; used by the watcher, callable directly. */
    public synchronized Status reload() {
        try {
            RuleSet rules = loadRules.apply(dir);
            KnowledgeBase kb = KnowledgeBase.load(dir);
            engine.replace(rules, kb);
            status = new Status(clock.instant(), true, rules.size(), List.of());
            LOG.info("rules reloaded from {}: {} rules", dir, rules.size());
        } catch (RuleLoadException e) {
            status = new Status(clock.instant(), false, engine.rules().size(), e.problems());
            e.problems().forEach(p -> LOG.warn("rule reload refused, the running rules stay: {}", p));
        } catch (EngineException e) {
            status = new Status(clock.instant(), false, engine.rules().size(), List.of(e.getMessage()));
            LOG.warn("rule reload refused, the running rules stay: {}", e.getMessage());
        } catch (RuntimeException e) {
            status = new Status(clock.instant(), false, engine.rules().size(), List.of(e.toString()));
            LOG.error("rule reload failed, the running rules stay", e);
        }
        return status;
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}

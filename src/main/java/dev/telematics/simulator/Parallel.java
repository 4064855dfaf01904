package dev.telematics.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a blocking action for every item on a bounded pool: at most {@code parallelism} actions at once
 * (a sliding batch), returning when all have finished. Used to connect and close Paho clients, whose
 * connect takes ~300 ms each (three 100 ms thread start-up sleeps), so one-by-one would take minutes.
 *
 * <p>Thread-safe; the pool lives only for one call.
 */
final class Parallel {
    private Parallel() {
    }

    /**
     * @param action must handle its own failures; one that throws anyway is reported as an
     *               {@link IllegalStateException} after all items have run
     */
    static <T> void forEach(List<T> items, int parallelism, String threadPrefix, Consumer<T> action) {
        if (items.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, items.size()),
                new NamedThreadFactory(threadPrefix));
        List<Future<?>> futures = new ArrayList<>(items.size());
        RuntimeException failure = null;
        try {
            for (T item : items) {
                futures.add(pool.submit(() -> action.accept(item)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = new IllegalStateException(threadPrefix + " action failed", e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        } finally {
            pool.shutdown();
        }
        if (failure != null) {
            throw failure;
        }
    }
}

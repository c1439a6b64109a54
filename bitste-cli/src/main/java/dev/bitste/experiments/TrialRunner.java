package dev.bitste.experiments;

import dev.bitste.util.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs independent trials on a fixed thread pool with progress, returning results in trial order. Each
 * trial draws everything from its own derived seed, so the results do not depend on the thread count.
 */
public final class TrialRunner {
    private TrialRunner() {
    }

    /** Runs {@code trial.apply(i)} for {@code i < count} on {@code threads} threads; results in index order. */
    public static <T> List<T> run(String task, int count, int threads, IntFunction<T> trial) {
        Checks.positive("threads", threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bitste-trial");
            t.setDaemon(true);
            return t;
        });
        try (Progress progress = Progress.start(task, count)) {
            List<Future<T>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    T result = trial.apply(index);
                    progress.step();
                    return result;
                }));
            }
            List<T> results = new ArrayList<>(count);
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A seed derived from a base seed and the coordinates of a trial (well mixed, order-sensitive). */
    public static long seed(long base, long... parts) {
        long s = base;
        for (long p : parts) {
            s = new SplittableRandom(s ^ (p * 0x9E3779B97F4A7C15L)).nextLong();
        }
        return s;
    }
}

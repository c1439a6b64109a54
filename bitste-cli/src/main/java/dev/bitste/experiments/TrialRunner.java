package dev.bitste.experiments;

import dev.bitste.util.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Runs independent trials on a fixed thread pool with progress (weighted by each trial's expected cost, so the ETA
 * holds when trials differ in size). Each trial draws everything from its own derived seed, so the results do not
 * depend on the thread count or on which trials run together.
 */
public final class TrialRunner {
    private TrialRunner() {
    }

    /** Told of every finished trial, from the thread that ran it. */
    @FunctionalInterface
    public interface Done<T> {
        void accept(int index, T result, double seconds);
    }

    /**
     * Runs {@code trial.apply(i)} for every {@code i} of {@code indices} on {@code threads} threads, calling
     * {@code done} as each finishes; {@code cost[j]} is the relative cost of {@code indices[j]}. The first failure
     * stops the rest and is rethrown.
     */
    public static <T> void run(String task, int[] indices, double[] cost, int threads, IntFunction<T> trial,
            Done<T> done) {
        Checks.positive("threads", threads);
        Checks.sameLength("cost", indices.length, cost.length);
        double total = 0;
        for (double c : cost) {
            total += c;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bitste-trial");
            t.setDaemon(true);
            return t;
        });
        double whole = total > 0 ? total : 1;
        try (Progress progress = Progress.weighted(task)) {
            List<Future<?>> futures = new ArrayList<>(indices.length);
            for (int j = 0; j < indices.length; j++) {
                int index = indices[j];
                double share = cost[j] / whole;
                futures.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    T result = trial.apply(index);
                    done.accept(index, result, (System.nanoTime() - start) / 1e9);
                    progress.advance(share);
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            stop(pool); // the trials still running finish (and are reported) before the failure is
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

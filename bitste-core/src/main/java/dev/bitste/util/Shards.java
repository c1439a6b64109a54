package dev.bitste.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Work over {@code items} split into a fixed number of contiguous, balanced shards, run on a pool or on the
 * caller's thread. The shard count, never the thread count, decides how the work is split and in which order
 * partial results are combined, so a result does not depend on how many threads ran it.
 *
 * @param count shards to split into (fewer when there are fewer items)
 * @param pool where the shards run; null runs them one after the other on the caller's thread
 */
public record Shards(int count, ExecutorService pool) {

    public Shards {
        Checks.positive("shards", count);
    }

    /** {@code count} shards run on the caller's thread. */
    public static Shards sequential(int count) {
        return new Shards(count, null);
    }

    /** The work of one shard: items {@code [from, to)}; {@code shard} is its index in {@code 0 .. shards-1}. */
    @FunctionalInterface
    public interface Range {
        void run(int shard, int from, int to);
    }

    /** The work of one shard that sums: adds items {@code [from, to)} to {@code partial}, returns their loss. */
    @FunctionalInterface
    public interface Sum {
        double run(int from, int to, float[] partial);
    }

    /** {@link Sum} that is also told its shard's index (e.g. to use that shard's scratch space). */
    @FunctionalInterface
    public interface ShardSum {
        double run(int shard, int from, int to, float[] partial);
    }

    /** Shards used for {@code items} items: {@code min(count, items)}. */
    public int over(int items) {
        return Math.min(count, Checks.positive("items", items));
    }

    /** First item of shard {@code s} of {@code shards} over {@code items} items (balanced, contiguous). */
    public static int start(int s, int shards, int items) {
        return (int) ((long) s * items / shards);
    }

    /**
     * Runs {@code body} on every shard of {@code items} items and waits for all of them; with a pool the caller runs
     * the last shard itself instead of waiting idle.
     */
    public void forEach(int items, Range body) {
        Checks.notNull("body", body);
        int shards = over(items);
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            int shard = s;
            Runnable task = () -> body.run(shard, start(shard, shards, items), start(shard + 1, shards, items));
            if (pool == null || s == shards - 1) {
                runCatching(task, running);
            } else {
                running.add(pool.submit(task));
            }
        }
        await(running);
    }

    /** Runs {@code task} here; a failure waits for the shards already running before it is thrown. */
    private static void runCatching(Runnable task, List<Future<?>> running) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            try {
                await(running);
            } catch (RuntimeException ignored) {
                // the caller's own failure is the one reported
            }
            throw e;
        }
    }

    /**
     * Runs {@code step} on every shard of {@code items} items, each into its own zeroed buffer of
     * {@code into.length} floats, then adds the buffers to {@code into} and the returned values together in shard
     * order; returns that total.
     */
    public double sum(int items, float[] into, Sum step) {
        Checks.notNull("step", step);
        return sum(items, into, (shard, from, to, partial) -> step.run(from, to, partial));
    }

    /** {@link #sum(int, float[], Sum)} whose step is also told its shard's index. */
    public double sum(int items, float[] into, ShardSum step) {
        Checks.notNull("into", into);
        Checks.notNull("step", step);
        int shards = over(items);
        float[][] partial = new float[shards][into.length];
        double[] value = new double[shards];
        forEach(items, (s, from, to) -> value[s] = step.run(s, from, to, partial[s]));
        double total = 0;
        for (int s = 0; s < shards; s++) {
            float[] p = partial[s];
            for (int i = 0; i < into.length; i++) {
                into[i] += p[i];
            }
            total += value[s];
        }
        return total;
    }

    private static void await(List<Future<?>> running) {
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the shards", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}

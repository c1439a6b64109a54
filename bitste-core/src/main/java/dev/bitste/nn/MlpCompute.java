package dev.bitste.nn;

import dev.bitste.kernels.TrainKernels;
import dev.bitste.util.Checks;
import dev.bitste.util.Shards;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * How the passes of an {@link Mlp} run: on which training kernels, on how many threads, and whether the
 * products use packed signs (the default) or plain floats (the float32 baseline of the benchmarks).
 *
 * <p>Threads split every phase of a pass into {@link #threads()} shards: output columns (units) of a layer in the
 * forward pass, from the product through batch norm to the packed activations; rows of the weight gradient and
 * columns of the input gradient in the backward pass. Every value is computed whole by one shard, with the same
 * operations in the same order whatever the split ({@link TrainKernels}), so results are the same bits for any
 * thread count.
 */
public final class MlpCompute {
    /** How the products of a pass multiply. */
    public enum Products {
        /** ±1 operands stay packed: float x sign products, XNOR-popcount between binary activations and weights. */
        SIGNS,
        /** Every product on floats (weights and activations unpacked to ±1 floats): what binarization is measured against. */
        FLOATS
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final TrainKernels kernels;
    private final int threads;
    private final Products products;
    private final Shards shards;

    private MlpCompute(TrainKernels kernels, int threads, Products products) {
        this.kernels = Checks.notNull("kernels", kernels);
        this.threads = Checks.positive("threads", threads);
        this.products = Checks.notNull("products", products);
        shards = threads == 1 ? Shards.sequential(1) : new Shards(threads, pool(threads - 1));
    }

    /** The configured kernels ({@code -Dbitste.kernels}), one thread, packed products. */
    public static MlpCompute defaults() {
        return of(TrainKernels.get(), 1, Products.SIGNS);
    }

    /** The configured kernels on {@code threads} threads, packed products. */
    public static MlpCompute threads(int threads) {
        return of(TrainKernels.get(), threads, Products.SIGNS);
    }

    public static MlpCompute of(TrainKernels kernels, int threads, Products products) {
        return new MlpCompute(kernels, threads, products);
    }

    /**
     * Daemon workers for the shards the caller does not run itself; they end after a minute without work, so an
     * unused compute holds no threads.
     */
    private static ThreadPoolExecutor pool(int workers) {
        int id = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "bitste-mlp-" + id + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    public TrainKernels kernels() {
        return kernels;
    }

    public int threads() {
        return threads;
    }

    public Products products() {
        return products;
    }

    /** The shards of this compute (one per thread), for work outside the passes such as optimizer updates. */
    public Shards shards() {
        return shards;
    }

    /** Runs {@code shard} for every shard index {@code 0 .. threads-1} and waits for all of them. */
    void parallel(IntConsumer shard) {
        shards.forEach(threads, (s, from, to) -> shard.accept(s));
    }

    /**
     * First item of shard {@code s} when {@code items} are split into {@link #threads()} contiguous parts starting at
     * multiples of {@code align} (the last part takes the rest).
     */
    int start(int s, int items, int align) {
        int blocks = (items + align - 1) / align;
        return Math.min(items, Shards.start(s, threads, blocks) * align);
    }

    @Override
    public String toString() {
        return kernels.support().name() + ", " + threads + (threads == 1 ? " thread" : " threads") + ", "
                + products.name().toLowerCase(java.util.Locale.ROOT) + " products";
    }
}

package dev.bitste.ste;

import dev.bitste.bits.BitVector;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.util.Checks;
import dev.bitste.util.Shards;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;

/**
 * The STE-gradient method for model A (docs/algorithms.md section 2): latent {@code u_0 ~ N(0, initStd^2)^n};
 * each step projects {@code w_t = sign(u_t)/sqrt(n)}, evaluates the coarse gradient at {@code w_t} and
 * updates {@code u_{t+1} = u_t - eta_t g(w_t)}. Records the loss and the Hamming distance to the teacher.
 */
public final class SteTrainer {
    private final Config config;
    private final KernelProvider kernels;

    /**
     * The trainer's choices, each with the default of docs/algorithms.md.
     *
     * @param steps number of updates T
     * @param schedule learning rate (default {@code invsqrt}, eta0 = 1)
     * @param initStd std of the latent initialization (default 0.01)
     * @param batchSize samples per step; 0 = full batch (default). Mini-batches are the contiguous,
     *     balanced slices {@code b = t mod ceil(m/batchSize)} of the (i.i.d., hence already shuffled) data
     * @param shards sample shards per step (default 8); fixes the summation order, so any thread count
     *     gives the same bits
     * @param backward the STE derivative (default ReLU, the model's)
     * @param fused use the single-pass kernel (default true; ReLU only; float inputs: packed ±1 inputs take the
     *     XNOR-popcount forward pass instead)
     */
    public record Config(int steps, LearningRate schedule, double initStd, int batchSize, int shards,
            SteBackward backward, boolean fused) {
        public Config {
            Checks.positive("steps", steps);
            Checks.notNull("schedule", schedule);
            if (!(initStd > 0) || Double.isInfinite(initStd)) {
                throw new IllegalArgumentException("initStd must be positive and finite, got " + initStd);
            }
            Checks.nonNegative("batchSize", batchSize);
            Checks.positive("shards", shards);
            Checks.notNull("backward", backward);
        }

        /** The documented defaults with {@code steps} updates. */
        public static Config defaults(int steps) {
            return new Config(steps, LearningRate.defaultSchedule(), 0.01, 0, 8, SteBackward.RELU, true);
        }

        public Config withSchedule(LearningRate s) {
            return new Config(steps, s, initStd, batchSize, shards, backward, fused);
        }

        public Config withBatchSize(int b) {
            return new Config(steps, schedule, initStd, b, shards, backward, fused);
        }

        public Config withFused(boolean f) {
            return new Config(steps, schedule, initStd, batchSize, shards, backward, f);
        }

        public Config withBackward(SteBackward b) {
            return new Config(steps, schedule, initStd, batchSize, shards, b, fused);
        }
    }

    public SteTrainer(Config config, KernelProvider kernels) {
        this.config = Checks.notNull("config", config);
        this.kernels = Checks.notNull("kernels", kernels);
    }

    /** A trainer with the configured (start-up) kernels. */
    public SteTrainer(Config config) {
        this(config, KernelProvider.get());
    }

    /**
     * Trains a student on {@code problem} from the initialization drawn with {@code seed}, sharding each step
     * on {@code pool} (null = the caller's thread). Same problem and seed, same trace, whatever the pool.
     */
    public TrainingTrace train(ModelAProblem problem, long seed, ExecutorService pool) {
        Checks.notNull("problem", problem);
        int n = problem.model().n();
        int m = problem.m();
        int steps = config.steps();
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] u = new float[n];
        for (int i = 0; i < n; i++) {
            u[i] = (float) (config.initStd() * rnd.nextGaussian());
        }
        int batch = config.batchSize() == 0 ? m : Math.min(config.batchSize(), m);
        int batches = (m + batch - 1) / batch;
        boolean fullBatch = batches == 1;
        double[] loss = new double[steps];
        int[] distance = new int[steps + 1];
        float[] g = new float[n];
        Shards shards = new Shards(config.shards(), pool);
        for (int t = 0; t < steps; t++) {
            BitVector w = kernels.bits().signProject(u);
            distance[t] = w.hammingDistance(problem.teacher());
            int b = t % batches;
            int from = (int) ((long) b * m / batches);
            int count = (int) ((long) (b + 1) * m / batches) - from;
            Arrays.fill(g, 0f);
            double sumSq = problem.model().coarseGradient(problem.batch(from, count, fullBatch), w, config.backward(),
                    config.fused(), kernels, shards, g);
            loss[t] = sumSq / (2.0 * count);
            if (fullBatch && sumSq == 0) {
                // every residual is exactly 0, so g is exactly 0 and u, hence w_t, never changes again (a fixed point
                // of the method): the rest of the trace is known without running it
                Arrays.fill(loss, t, steps, 0.0);
                Arrays.fill(distance, t, steps + 1, distance[t]);
                return TrainingTrace.of(loss, distance);
            }
            float step = (float) (config.schedule().at(t) / count);
            for (int i = 0; i < n; i++) {
                u[i] -= step * g[i];
            }
        }
        distance[steps] = kernels.bits().signProject(u).hammingDistance(problem.teacher());
        return TrainingTrace.of(loss, distance);
    }
}

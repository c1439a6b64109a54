package dev.bitste.experiments;

import dev.bitste.ste.LearningRate;
import dev.bitste.ste.ModelA;
import dev.bitste.ste.SteBackward;
import dev.bitste.ste.SteTrainer;
import dev.bitste.util.Checks;
import java.util.List;

/**
 * The model and trainer choices shared by the model A experiments (defaults as in docs/algorithms.md).
 *
 * @param k rows per sample
 * @param steps training steps per trial
 * @param schedule learning-rate schedule
 * @param initStd std of the latent initialization
 * @param batchSize samples per step, 0 = full batch
 * @param seed base seed; every trial derives its own from it
 * @param threads trials run in parallel (does not change any number)
 */
public record TrainingSetup(int k, int steps, LearningRate schedule, double initStd, int batchSize, long seed,
        int threads) {

    public TrainingSetup {
        Checks.positive("k", k);
        Checks.positive("steps", steps);
        Checks.notNull("schedule", schedule);
        Checks.nonNegative("batch-size", batchSize);
        Checks.positive("threads", threads);
        trainerConfig(steps, schedule, initStd, batchSize); // validates initStd
    }

    private static SteTrainer.Config trainerConfig(int steps, LearningRate schedule, double initStd, int batchSize) {
        return new SteTrainer.Config(steps, schedule, initStd, batchSize, 8, SteBackward.RELU, true);
    }

    /** The trainer configuration (8 shards, ReLU STE, fused kernel). */
    public SteTrainer.Config trainer() {
        return trainer(steps);
    }

    /** The same with another number of steps. */
    public SteTrainer.Config trainer(int steps) {
        return trainerConfig(steps, schedule, initStd, batchSize);
    }

    /** Model A with {@code v} all ones. */
    public ModelA model(int n) {
        return ModelA.withUnitV(n, k);
    }

    /** Number of samples for a ratio {@code m/n} (rounded); fails when it is not at least 1. */
    public static int samples(double mOverN, int n) {
        long m = Math.round(mOverN * n);
        if (!(mOverN > 0) || m < 1 || m > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--m-over-n " + mOverN + " at --n " + n + " gives m = " + m
                    + " samples (m must be in 1.." + Integer.MAX_VALUE + ")");
        }
        return (int) m;
    }

    /** Checks a label-noise std: finite and {@code >= 0}. */
    public static double noise(double noise) {
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be >= 0 and finite, got " + noise);
        }
        return noise;
    }

    /** Checks a list parameter is given and not empty. */
    public static <T> List<T> nonEmpty(String name, List<T> list) {
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException(name + " must list at least one value");
        }
        return List.copyOf(list);
    }
}

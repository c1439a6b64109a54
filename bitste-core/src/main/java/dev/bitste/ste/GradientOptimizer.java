package dev.bitste.ste;

import dev.bitste.kernels.TrainKernels;
import dev.bitste.util.Shards;

/**
 * Updates a parameter vector in place from a gradient (estimate); keeps its own state (momentum, moments)
 * for that one vector. It does not know which {@link GradientEstimator} produced the gradient.
 */
public interface GradientOptimizer {
    /** One step: {@code params -= update(gradient)}. */
    void step(float[] params, float[] gradient);

    /** Sets the learning rate for the following steps (for schedules). */
    void learningRate(double lr);

    double learningRate();

    /** Checks a learning rate: positive and finite. */
    static double checkLearningRate(double lr) {
        if (!(lr > 0 && Double.isFinite(lr))) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + lr);
        }
        return lr;
    }

    /** {@code sgd} (momentum 0.9) or {@code adam}, for a vector of {@code n} parameters. */
    static GradientOptimizer named(String name, int n, double lr) {
        return named(name, n, lr, TrainKernels.get(), Shards.sequential(1));
    }

    /** {@link #named(String, int, double)}, Adam running on {@code kernels} and split over {@code shards}. */
    static GradientOptimizer named(String name, int n, double lr, TrainKernels kernels, Shards shards) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "sgd" -> new SgdMomentum(n, lr, 0.9);
            case "adam" -> new Adam(n, lr, kernels, shards);
            default -> throw new IllegalArgumentException("optimizer '" + name + "' unknown (use sgd or adam)");
        };
    }
}

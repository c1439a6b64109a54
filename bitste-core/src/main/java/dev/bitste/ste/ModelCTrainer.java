package dev.bitste.ste;

import dev.bitste.kernels.Surrogate;
import dev.bitste.util.Checks;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Trains {@link ModelC} with the coarse gradient of a {@link Surrogate}: full batch (every sample each step)
 * or mini-batch (shuffled epochs, the whole set's loss checked at each epoch's end), constant or decaying
 * learning rate, until the hinge loss over the whole data set is exactly 0 (every sample classified with
 * margin >= 1) or the step budget runs out.
 */
public final class ModelCTrainer {
    private ModelCTrainer() {
    }

    /**
     * How to train: surrogate, learning-rate schedule, batch size (0 = full batch), the step budget, and the seed of the
     * mini-batch shuffling (unused in full batch).
     */
    public record Options(Surrogate surrogate, LearningRate schedule, int batchSize, int maxSteps, long seed) {
        public Options {
            Checks.notNull("surrogate", surrogate);
            Checks.notNull("schedule", schedule);
            Checks.nonNegative("batchSize", batchSize);
            Checks.nonNegative("maxSteps", maxSteps);
        }

        /** The paper's setting: full batch, constant rate. */
        public static Options fullBatch(Surrogate surrogate, double eta, int maxSteps) {
            return new Options(surrogate, new LearningRate.Constant(eta), 0, maxSteps, 0);
        }
    }

    /**
     * The outcome: whether the loss reached exactly 0, the number of updates made before it did (or the
     * budget), and the final mean loss, weight norm and training accuracy.
     */
    public record Result(boolean converged, int steps, double finalLoss, double weightNorm, double accuracy) {
    }

    /** Trains {@code model} in place on {@code x} (m x d, row-major) with labels {@code y}. */
    public static Result train(ModelC model, float[] x, int[] y, Options options) {
        Checks.notNull("model", model);
        Checks.notNull("options", options);
        int m = model.checkInputs(x);
        model.checkLabels(y, m);
        int batch = options.batchSize() == 0 ? m : Math.min(options.batchSize(), m);
        int[] order = ModelC.identity(m);
        float[] grad = new float[model.dim() * model.hidden()];
        ModelC.Workspace ws = new ModelC.Workspace(batch, model);
        ModelC.Workspace full = batch == m ? ws : new ModelC.Workspace(m, model);
        SplittableRandom rnd = new SplittableRandom(options.seed());
        int cursor = m;
        int t = 0;
        double loss;
        while (true) {
            // full batch: the step's own gradient pass gives the loss of the whole set; mini-batch: the whole set
            // is checked once per epoch (when the shuffled order is used up), so steps count in whole epochs
            if (batch == m || cursor + batch > m) {
                loss = model.coarseGradient(x, y, order, m, options.surrogate(), grad, full);
                if (loss == 0 || t >= options.maxSteps()) {
                    break;
                }
            } else if (t >= options.maxSteps()) {
                loss = model.meanLoss(x, y);
                break;
            }
            if (batch < m) {
                if (cursor + batch > m) {
                    shuffle(order, rnd);
                    cursor = 0;
                }
                int[] rows = Arrays.copyOfRange(order, cursor, cursor + batch);
                cursor += batch;
                model.coarseGradient(x, y, rows, batch, options.surrogate(), grad, ws);
            }
            model.step(grad, options.schedule().at(t));
            t++;
        }
        int[] predicted = model.predict(x);
        int correct = 0;
        for (int i = 0; i < m; i++) {
            correct += predicted[i] == y[i] ? 1 : 0;
        }
        return new Result(loss == 0, t, loss, model.weightNorm(), (double) correct / m);
    }

    private static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}

package dev.bitste.nn;

import dev.bitste.data.LabeledImages;
import dev.bitste.ste.ForwardPassCounter;
import dev.bitste.ste.GradientEstimator;
import dev.bitste.ste.GradientOptimizer;
import dev.bitste.util.Checks;
import dev.bitste.util.Shards;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Mini-batch training of an {@link Mlp}: each step the estimator turns the batch loss into a gradient for the
 * latent weights, the optimizer applies it (cosine-decayed learning rate), latent weights are clipped to the
 * quantizer's range. Batch-norm gamma/beta follow their exact gradient when the estimator makes a backward pass
 * (n-SPSA makes none, so they stay at their initial values). Every pass is counted in forward-pass equivalents.
 * Passes, the optimizer update and the clipping run as the model's {@link MlpCompute} says (set it before making
 * the trainer): on its kernels and threads, with the same results for any number of threads.
 */
public final class MlpTrainer {
    /** Training settings. */
    public record Settings(int epochs, int batch, double lr, String optimizer, long seed) {
        public Settings {
            Checks.positive("epochs", epochs);
            Checks.positive("batch", batch);
            if (!(lr > 0)) {
                throw new IllegalArgumentException("lr must be positive, got " + lr);
            }
            GradientOptimizer.named(optimizer, 1, lr);
        }
    }

    /** What one epoch did. */
    public record EpochStats(int epoch, double loss, double trainAccuracy, double testAccuracy, double imagesPerSecond,
            double seconds, long forwardEquivalents) {
    }

    /**
     * Heap a training step of a network of this shape needs at least, in bytes: per weight, the latent weight, the
     * optimizer's two moments, the gradient and the perturbation vectors of a zeroth-order estimator (7 floats; the
     * packed weights of the passes are a few bits). What a caller checks before allocating any of it.
     */
    public static long memoryEstimate(MlpSpec spec) {
        return 7L * Float.BYTES * Checks.notNull("spec", spec).weightCount();
    }

    /** Images used to estimate the batch-norm population statistics at the end of each epoch. */
    static final int CALIBRATION_IMAGES = 10_000;

    private final Mlp model;
    private final GradientEstimator estimator;
    private final Settings settings;
    private final ForwardPassCounter counter = new ForwardPassCounter();
    private final GradientOptimizer thetaOpt;
    private final GradientOptimizer phiOpt;
    private final float[] gradPhi;

    public MlpTrainer(Mlp model, GradientEstimator estimator, Settings settings) {
        this.model = Checks.notNull("model", model);
        this.estimator = Checks.notNull("estimator", estimator);
        this.settings = Checks.notNull("settings", settings);
        MlpCompute compute = model.compute();
        thetaOpt = GradientOptimizer.named(settings.optimizer(), model.theta().length, settings.lr(), compute.kernels(),
                compute.shards());
        phiOpt = model.phi().length == 0 ? null
                : GradientOptimizer.named(settings.optimizer(), model.phi().length, settings.lr(), compute.kernels(),
                        Shards.sequential(1));
        gradPhi = new float[model.phi().length];
    }

    /** The outcome of one step: the estimator's loss and the correct predictions of its backward pass (if any). */
    public record StepResult(double loss, int correct) {
    }

    /**
     * One training step on {@code batch} at learning rate {@code lr}, training progress {@code progress} in [0, 1]
     * (for the estimator's schedule): estimate, update, clip.
     */
    public StepResult step(Batch batch, double progress, double lr) {
        float[] theta = model.theta();
        thetaOpt.learningRate(lr);
        Mlp.BatchObjective objective = model.objective(batch, gradPhi);
        GradientEstimator.Estimate e = estimator.estimate(counter.counting(objective), theta, progress);
        thetaOpt.step(theta, e.gradient());
        model.clipLatent();
        if (phiOpt != null && estimator.usesBackward()) {
            phiOpt.learningRate(lr);
            phiOpt.step(model.phi(), gradPhi);
        }
        return new StepResult(e.loss(), objective.correct());
    }

    public ForwardPassCounter counter() {
        return counter;
    }

    /**
     * Trains on {@code train}, evaluating on {@code test} after each epoch (reported to {@code onEpoch}).
     *
     * @throws TrainingDivergedException as soon as a batch loss or, at the end of an epoch, a parameter is NaN or
     *     infinite (the model is then unusable; nothing of it should be kept)
     */
    public void train(LabeledImages train, LabeledImages test, Consumer<EpochStats> onEpoch) {
        int n = train.count();
        int batch = Math.min(settings.batch(), n);
        int stepsPerEpoch = n / batch;
        long totalSteps = (long) stepsPerEpoch * settings.epochs();
        SplittableRandom rnd = new SplittableRandom(settings.seed());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long step = 0;
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            shuffle(order, rnd);
            long start = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            for (int s = 0; s < stepsPerEpoch; s++, step++) {
                double progress = (double) step / Math.max(1, totalSteps - 1);
                double lr = settings.lr() * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * progress)));
                StepResult r = step(Batch.of(train, order, s * batch, batch), progress, lr);
                if (!Double.isFinite(r.loss())) {
                    throw new TrainingDivergedException(epoch, s + 1, "the batch loss is " + r.loss());
                }
                lossSum += r.loss();
                correct += r.correct();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            model.calibrate(train, CALIBRATION_IMAGES);
            String nonFinite = model.nonFiniteParameter();
            if (nonFinite != null) {
                throw new TrainingDivergedException(epoch, stepsPerEpoch, nonFinite);
            }
            double testAcc = model.accuracy(test, Integer.MAX_VALUE);
            onEpoch.accept(new EpochStats(epoch, lossSum / stepsPerEpoch,
                    estimator.usesBackward() ? (double) correct / ((long) stepsPerEpoch * batch) : Double.NaN,
                    testAcc, (double) stepsPerEpoch * batch / seconds, seconds, counter.forwardEquivalents()));
        }
    }

    /** Fisher-Yates shuffle of {@code a}. */
    public static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

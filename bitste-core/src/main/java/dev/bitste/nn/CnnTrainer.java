package dev.bitste.nn;

import dev.bitste.data.LabeledImages;
import dev.bitste.ste.GradientOptimizer;
import dev.bitste.ste.LearningRate;
import dev.bitste.util.Checks;
import dev.bitste.util.Shards;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Mini-batch training of a {@link Cnn} with the straight-through gradient: each step one forward and backward
 * pass over a shuffled batch, one optimizer step (SGD with momentum 0.9 or Adam), binary latent weights clipped.
 * After each epoch the batch norms are calibrated on training images and the network is evaluated. Each batch is
 * split into {@link #SHARDS} shards run on {@code threads} threads, so the numbers do not depend on the thread
 * count.
 */
public final class CnnTrainer {
    /** Shards per batch: fixed, so results are the same on any number of threads. */
    public static final int SHARDS = 8;
    /** Training images whose statistics become the batch norms' population statistics after each epoch. */
    static final int CALIBRATION_IMAGES = 10_000;

    /** How the learning rate moves over training. */
    public enum Schedule {
        /** Divided by 10 every {@code decayEpochs} epochs (paper 003's LeNet-5). */
        STEP,
        /** Cosine decay to 1% of the initial rate at the last step (as the MLP trainer). */
        COSINE
    }

    /**
     * Training settings.
     *
     * @param epochs passes over the training images
     * @param batch images per step
     * @param optimizer {@code sgd} (momentum 0.9) or {@code adam}
     * @param lr initial learning rate
     * @param schedule learning-rate schedule
     * @param decayEpochs epochs between divisions by 10 ({@link Schedule#STEP})
     * @param seed shuffling seed
     * @param threads threads that run the shards (results do not depend on it)
     */
    public record Settings(int epochs, int batch, String optimizer, double lr, Schedule schedule, int decayEpochs,
            long seed, int threads) {
        public Settings {
            Checks.positive("epochs", epochs);
            Checks.positive("batch", batch);
            Checks.notNull("schedule", schedule);
            Checks.positive("decay-epochs", decayEpochs);
            Checks.positive("threads", threads);
            GradientOptimizer.named(optimizer, 1, lr);
        }

        /** Paper 003's LeNet-5 settings: SGD momentum 0.9, batch 64, lr 0.1 divided by 10 every 20 epochs. */
        public static Settings paper003(int epochs, long seed, int threads) {
            return new Settings(epochs, 64, "sgd", 0.1, Schedule.STEP, 20, seed, threads);
        }
    }

    /** What one epoch did; accuracies in [0, 1], validation NaN when there is no validation set. */
    public record EpochStats(int epoch, double lr, double loss, double trainAccuracy, double validationAccuracy,
            double testAccuracy, double imagesPerSecond, double seconds) {
    }

    private final Cnn model;
    private final Settings settings;

    public CnnTrainer(Cnn model, Settings settings) {
        this.model = Checks.notNull("model", model);
        this.settings = Checks.notNull("settings", settings);
    }

    /**
     * Trains on {@code train}; after each epoch reports accuracy on {@code validation} (may be null) and
     * {@code test} to {@code onEpoch}.
     *
     * @throws TrainingDivergedException as soon as a batch loss is NaN or infinite
     */
    public void train(LabeledImages train, LabeledImages validation, LabeledImages test, Consumer<EpochStats> onEpoch) {
        Checks.notNull("train", train);
        Checks.notNull("test", test);
        int n = train.count();
        int batch = Math.min(settings.batch(), n);
        int stepsPerEpoch = n / batch;
        LearningRate schedule = settings.schedule() == Schedule.STEP
                ? new LearningRate.StepDecay(settings.lr(), 0.1, Math.multiplyExact(settings.decayEpochs(), stepsPerEpoch))
                : new LearningRate.Cosine(settings.lr(), (long) stepsPerEpoch * settings.epochs(), 0.01);
        float[] params = model.parameters();
        float[] grad = new float[params.length];
        GradientOptimizer optimizer = GradientOptimizer.named(settings.optimizer(), Math.max(1, params.length),
                settings.lr());
        SplittableRandom rnd = new SplittableRandom(settings.seed());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        ExecutorService pool = settings.threads() == 1 ? null : Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "bitste-cnn");
            t.setDaemon(true);
            return t;
        });
        Shards shards = new Shards(SHARDS, pool);
        try {
            int step = 0;
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                MlpTrainer.shuffle(order, rnd);
                long start = System.nanoTime();
                double lossSum = 0;
                long correct = 0;
                double lr = schedule.at(step);
                for (int s = 0; s < stepsPerEpoch; s++, step++) {
                    Mlp.Gradients g = model.lossAndGradient(Batch.of(train, order, s * batch, batch), grad, shards);
                    if (!Double.isFinite(g.loss())) {
                        throw new TrainingDivergedException(epoch, s + 1, "the batch loss is " + g.loss());
                    }
                    optimizer.learningRate(schedule.at(step));
                    optimizer.step(params, grad);
                    model.clipLatent();
                    lossSum += g.loss();
                    correct += g.correct();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                model.calibrate(train, CALIBRATION_IMAGES, shards);
                double val = validation == null ? Double.NaN : model.accuracy(validation, 0, validation.count(), shards);
                double testAcc = model.accuracy(test, 0, test.count(), shards);
                onEpoch.accept(new EpochStats(epoch, lr, lossSum / stepsPerEpoch,
                        (double) correct / ((long) stepsPerEpoch * batch), val, testAcc,
                        (double) stepsPerEpoch * batch / seconds, seconds));
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }
}

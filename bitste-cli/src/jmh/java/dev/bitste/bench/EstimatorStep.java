package dev.bitste.bench;

import dev.bitste.benchrun.Work;
import dev.bitste.results.WorkUnit;
import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.nn.Activation;
import dev.bitste.nn.Batch;
import dev.bitste.nn.Mlp;
import dev.bitste.nn.MlpSpec;
import dev.bitste.nn.MlpTrainer;
import dev.bitste.nn.WeightQuantizer;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.ste.BetaSchedule;
import dev.bitste.ste.FogzoEstimator;
import dev.bitste.ste.GradientEstimator;
import dev.bitste.ste.NSpsaEstimator;
import dev.bitste.ste.SteEstimator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of {@code bitste experiment fogzo}'s network with its default settings (784-256-10, 2-bit
 * weights, ReLU activations, no batch norm, batch 100, Adam) under one gradient estimator: the STE, FOGZO with
 * N = 10 perturbations (one forward and backward pass and 20 forward passes a step) or n-SPSA with N = 50 (100
 * forward passes), on the configured kernels, one thread. The secondary result {@code forwardPasses} is the
 * estimator's forward-pass equivalents per second (a backward pass counting as two), the speed the FOGZO
 * experiments run at. Standalone, and written against the estimator and trainer interfaces only, so the same class
 * measures earlier versions of the trainer too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@QuickParams({"estimator=fogzo-n10,nspsa-n50"})
@Work(unit = WorkUnit.IMAGES, times = EstimatorStep.BATCH) // images of the mini-batch a step trains on
public class EstimatorStep {
    static final MlpSpec SPEC = new MlpSpec(new int[] {784, 256, 10}, WeightQuantizer.TWO_BIT, Activation.FLOAT,
            false);
    static final int BATCH = 100;

    @Param({"ste", "fogzo-n1", "fogzo-n10", "nspsa-n50"})
    String estimator;

    MlpTrainer trainer;
    GradientEstimator est;
    Batch[] batches;
    int next;

    /** Forward-pass equivalents per second (JMH reports it as a secondary result). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Passes {
        public long forwardPasses;
    }

    @Setup
    public void setup() {
        est = switch (estimator) {
            case "ste" -> new SteEstimator();
            case "fogzo-n1" -> new FogzoEstimator(1, BetaSchedule.linearTo(0.999), 11);
            case "fogzo-n10" -> new FogzoEstimator(10, BetaSchedule.linearTo(0.999), 12);
            case "nspsa-n50" -> new NSpsaEstimator(50, 13);
            default -> throw new IllegalArgumentException("estimator " + estimator);
        };
        if (!est.name().equals(estimator)) {
            throw new IllegalStateException("estimator " + est.name() + " is not " + estimator);
        }
        SplittableRandom rnd = new SplittableRandom(3);
        batches = new Batch[4];
        for (int i = 0; i < batches.length; i++) {
            float[] x = new float[BATCH * SPEC.in(0)];
            int[] labels = new int[BATCH];
            for (int j = 0; j < x.length; j++) {
                x[j] = rnd.nextInt(256) * (1f / 255f);
            }
            for (int j = 0; j < BATCH; j++) {
                labels[j] = rnd.nextInt(10);
            }
            batches[i] = new Batch(x, labels, BATCH, SPEC.in(0));
        }
        Mlp model = Mlp.initialize(SPEC, 1);
        trainer = new MlpTrainer(model, est, new MlpTrainer.Settings(1, BATCH, 0.01, "adam", 1));
        // the steps must count the passes the estimator says a step costs (the figure this benchmark reports)
        trainer.step(batches[0], 0, 0.01);
        if (trainer.counter().forwardEquivalents() != est.costPerStep()) {
            throw new IllegalStateException(estimator + " made " + trainer.counter().forwardEquivalents()
                    + " forward-pass equivalents in a step, not " + est.costPerStep());
        }
    }

    @Benchmark
    @Role(BenchmarkRole.STANDALONE)
    public MlpTrainer.StepResult step(Passes passes) {
        passes.forwardPasses += est.costPerStep();
        next = (next + 1) % batches.length;
        return trainer.step(batches[next], 0.5, 0.01);
    }
}

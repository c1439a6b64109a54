package dev.bitste.ste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bitste.data.Distribution;
import dev.bitste.kernels.BitKernels;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.kernels.SteKernels;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class SteTrainerTest {

    static void assertSameTrace(TrainingTrace a, TrainingTrace b) {
        assertThat(a.loss()).containsExactly(b.loss());
        assertThat(a.distance()).containsExactly(b.distance());
        assertThat(a.firstHit()).isEqualTo(b.firstHit());
    }

    @Test
    void fusedUnfusedAndXnorPopcountPathsGiveTheSameBits() {
        ModelAProblem p = ModelAProblem.generate(ModelA.withUnitV(70, 4), 100, Distribution.RADEMACHER, 0.3, false, 3);
        assertThat(p.binaryInputs()).isNotNull();
        for (KernelChoice c : KernelChoice.available()) {
            KernelProvider k = KernelProvider.of(c);
            SteTrainer.Config cfg = SteTrainer.Config.defaults(12).withSchedule(new LearningRate.Constant(0.3));
            TrainingTrace fused = new SteTrainer(cfg, k).train(p, 5, null);
            TrainingTrace unfused = new SteTrainer(cfg.withFused(false), k).train(p, 5, null);
            ModelAProblem floatOnly = new ModelAProblem(p.model(), p.m(), p.distribution(), p.noiseStd(), p.z(), p.y(),
                    p.teacher(), p.standardizer(), null);
            TrainingTrace floatPath = new SteTrainer(cfg.withFused(false), k).train(floatOnly, 5, null);
            TrainingTrace floatFused = new SteTrainer(cfg, k).train(floatOnly, 5, null);
            assertSameTrace(fused, unfused);
            assertSameTrace(floatPath, unfused);
            assertSameTrace(floatFused, unfused);
            assertThat(java.util.Arrays.stream(fused.distance()).distinct().count()).isGreaterThan(3); // it moved
        }
    }

    @Test
    void sameSeedSameTraceWhateverTheThreadCount() {
        ModelAProblem p = ModelAProblem.generate(ModelA.withUnitV(40, 4), 500, Distribution.GAUSSIAN, 0.5, false, 11);
        SteTrainer trainer = new SteTrainer(SteTrainer.Config.defaults(60));
        TrainingTrace sequential = trainer.train(p, 1, null);
        for (int threads : new int[] {1, 2, 5}) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                assertSameTrace(trainer.train(p, 1, pool), sequential);
            } finally {
                pool.shutdown();
            }
        }
        assertThat(trainer.train(p, 2, null).distance()).isNotEqualTo(sequential.distance());
    }

    @Test
    void recordedLossIsTheEmpiricalLossAtTheCurrentIterate() {
        ModelAProblem p = ModelAProblem.generate(ModelA.withUnitV(24, 4), 200, Distribution.EXPONENTIAL, 0.2, true, 5);
        TrainingTrace t = new SteTrainer(SteTrainer.Config.defaults(1)).train(p, 9, null);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(9);
        float[] u = new float[24];
        for (int i = 0; i < 24; i++) {
            u[i] = (float) (0.01 * rnd.nextGaussian());
        }
        assertThat(t.loss()[0]).isCloseTo(p.loss(BitKernels.get().signProject(u), SteKernels.get()), within(1e-9));
        assertThat(t.distance()[0]).isEqualTo(BitKernels.get().signProject(u).hammingDistance(p.teacher()));
    }

    /** Why the trainer may stop at a zero loss: the coarse gradient there is exactly zero on every path. */
    @Test
    void zeroLossMeansAZeroGradientSoTheTraceEndsThere() {
        ModelAProblem p = ModelAProblem.generate(ModelA.withUnitV(40, 4), 300, Distribution.GAUSSIAN, 0, false, 4);
        for (KernelChoice c : KernelChoice.available()) {
            for (boolean fused : new boolean[] {true, false}) {
                float[] g = new float[40];
                double sumSq = p.model().coarseGradient(p.batch(0, p.m(), false), p.teacher(), SteBackward.RELU, fused,
                        KernelProvider.of(c), dev.bitste.util.Shards.sequential(3), g);
                assertThat(sumSq).isZero();
                assertThat(g).containsOnly(0f);
            }
        }
        TrainingTrace t = new SteTrainer(SteTrainer.Config.defaults(500)).train(p, 2, null);
        assertThat(t.firstHit()).isBetween(1, 400);
        for (int s = t.firstHit(); s <= 500; s++) {
            assertThat(t.distance()[s]).isZero();
            assertThat(s == 500 || t.loss()[s] == 0).isTrue();
        }
    }

    @Test
    void miniBatchesCycleThroughTheData() {
        ModelAProblem p = ModelAProblem.generate(ModelA.withUnitV(16, 4), 512, Distribution.GAUSSIAN, 0, false, 7);
        TrainingTrace t = new SteTrainer(SteTrainer.Config.defaults(400).withBatchSize(128)).train(p, 8, null);
        assertThat(t.loss()).hasSize(400);
        assertThat(t.finalDistance()).isZero();
    }

    @Test
    void traceSummaries() {
        TrainingTrace t = TrainingTrace.of(new double[4], new int[] {3, 0, 1, 0, 0});
        assertThat(t.firstHit()).isEqualTo(1);
        assertThat(t.fractionAtTarget()).isEqualTo(0.75);
        assertThat(t.finalDistance()).isZero();
        assertThat(TrainingTrace.of(new double[2], new int[] {1, 2, 1}).firstHit()).isEqualTo(-1);
    }

    @Test
    void schedules() {
        assertThat(LearningRate.defaultSchedule().at(3)).isEqualTo(0.5);
        assertThat(LearningRate.parse("constant:0.2").at(100)).isEqualTo(0.2);
        assertThat(LearningRate.parse("power:2:1").at(3)).isEqualTo(0.5);
        assertThatThrownBy(() -> LearningRate.parse("power:1:1.5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> LearningRate.parse("cosine")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cosine'");
        assertThatThrownBy(() -> new LearningRate.Constant(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badProblemsAreRejected() {
        ModelA model = ModelA.withUnitV(8, 4);
        assertThatThrownBy(() -> ModelAProblem.generate(model, 0, Distribution.GAUSSIAN, 0, false, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m must be positive, got 0");
        assertThatThrownBy(() -> ModelAProblem.generate(model, 4, Distribution.GAUSSIAN, -1, false, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1.0");
        assertThatThrownBy(() -> new ModelA(8, 4, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v has length 3, expected 4");
    }
}

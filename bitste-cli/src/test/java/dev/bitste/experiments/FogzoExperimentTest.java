package dev.bitste.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.data.LabeledImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FogzoExperimentTest {
    @TempDir
    Path dir;

    /** Images whose label is the brightest of three pixel bands. */
    static LabeledImages bands(int count, int pixels) {
        SplittableRandom rnd = new SplittableRandom(3);
        byte[] im = new byte[count * pixels];
        byte[] lb = new byte[count];
        for (int i = 0; i < count; i++) {
            long[] sum = new long[3];
            for (int p = 0; p < pixels; p++) {
                int v = rnd.nextInt(256);
                im[i * pixels + p] = (byte) v;
                sum[Math.min(2, p * 3 / pixels)] += v;
            }
            lb[i] = (byte) (sum[0] >= sum[1] && sum[0] >= sum[2] ? 0 : sum[1] >= sum[2] ? 1 : 2);
        }
        return new LabeledImages(im, lb, count, pixels, 3);
    }

    @Test
    void everyMethodSpendsItsBudgetAndRatiosFollowTheCurves() {
        FogzoExperiment.Config c = new FogzoExperiment.Config(new int[] {24, 12, 3}, 2, 400, 200, 20, 0.02, 600, 1, 3, 20,
                0.999, 5);
        FogzoExperiment.Result r = FogzoExperiment.run(c, bands(500, 24));
        assertThat(r.methods()).extracting(FogzoExperiment.MethodSummary::method)
                .containsExactly("ste", "fogzo-n1", "fogzo-n3", "nspsa-n20");
        assertThat(r.methods()).extracting(FogzoExperiment.MethodSummary::costPerStep).containsExactly(3L, 5L, 9L, 40L);
        for (FogzoExperiment.MethodSummary s : r.methods()) {
            List<FogzoExperiment.Point> mine = r.points().stream().filter(p -> p.method().equals(s.method())).toList();
            assertThat(mine.get(0).forwardEquivalents()).isZero();
            assertThat(mine.get(0).loss()).isEqualTo(r.initialLoss()); // same initialization for every method
            FogzoExperiment.Point last = mine.get(mine.size() - 1);
            assertThat(last.forwardEquivalents()).isEqualTo(last.step() * s.costPerStep())
                    .isLessThanOrEqualTo(600).isGreaterThan(600 - s.costPerStep());
            for (int i = 1; i < mine.size(); i++) {
                assertThat(mine.get(i).forwardEquivalents()).isGreaterThan(mine.get(i - 1).forwardEquivalents());
            }
        }
        // the STE learns this task within its budget
        assertThat(r.methods().get(0).finalLoss()).isLessThan(r.initialLoss() - 0.1);
        if (!Double.isNaN(r.targetLoss())) {
            long nspsa = r.methods().get(3).costToTarget();
            r.ratioVsNSpsa().forEach((m, ratio) -> {
                FogzoExperiment.MethodSummary s = r.methods().stream().filter(x -> x.method().equals(m)).findFirst()
                        .orElseThrow();
                assertThat(ratio.value()).isEqualTo((double) nspsa / s.costToTarget());
                assertThat(ratio.lowerBound()).isEqualTo(s.costToTarget() == s.costPerStep());
            });
        }
        Path out = FogzoExperiment.write(dir, r);
        assertThat(out.resolve("fogzo.json")).exists();
        assertThat(out.resolve("curves.csv")).exists();
        assertThat(out.resolve("loss-vs-compute.png")).exists();
        assertThat(out.resolve("summary.md")).exists();
        assertThat(out.getFileName().toString()).doesNotEndWith(".partial");
    }

    @Test
    void badSettingsAreRejectedBeforeRunning() {
        assertThatThrownBy(() -> new FogzoExperiment.Config(new int[] {24, 3}, 3, 10, 10, 5, 0.1, 1000, 1, 10, 5, 0.999, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight-bits");
        assertThatThrownBy(() -> new FogzoExperiment.Config(new int[] {24, 3}, 2, 10, 10, 5, 0.1, 50, 1, 10, 50, 0.999, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget 50");
        assertThat(Files.exists(dir.resolve("experiments"))).isFalse();
    }
}

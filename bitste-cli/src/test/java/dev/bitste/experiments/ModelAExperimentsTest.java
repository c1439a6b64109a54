package dev.bitste.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.data.Distribution;
import dev.bitste.ste.LearningRate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small runs of the three model A experiments: outputs, determinism across thread counts, the claims in small. */
class ModelAExperimentsTest {

    static TrainingSetup setup(int steps, int threads) {
        return new TrainingSetup(4, steps, LearningRate.defaultSchedule(), 0.01, 0, 1, threads);
    }

    @Test
    void sampleComplexityIsThreadCountIndependentAndWritesItsFiles(@TempDir Path root) throws Exception {
        var one = SampleComplexityExperiment.run(new SampleComplexityExperiment.Params(List.of(16), List.of(0.5, 16.0), 3,
                Distribution.GAUSSIAN, 0, false, setup(120, 1)));
        var three = SampleComplexityExperiment.run(new SampleComplexityExperiment.Params(List.of(16), List.of(0.5, 16.0),
                3, Distribution.GAUSSIAN, 0, false, setup(120, 3)));
        assertThat(three.cells()).isEqualTo(one.cells()); // records: NaN equals NaN here
        assertThat(one.cells().get(0).rate()).isZero(); // m = 8 < n: cannot pin down w*
        assertThat(one.cells().get(1).rate()).isEqualTo(1.0);
        assertThat(one.transitions().get(0).m50()).isBetween(8.0, 256.0);

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Path dir = SampleComplexityExperiment.report(one, root, new PrintStream(text, true));
        assertThat(text.toString()).contains("success_rate").contains("m50_over_n2");
        assertThat(dir.getParent()).isEqualTo(root.resolve("experiments").resolve("sample-complexity"));
        for (String f : List.of("results.json", "success.csv", "transitions.csv", "success-vs-m-over-n.png",
                "success-vs-m-over-n2.png")) {
            assertThat(Files.size(dir.resolve(f))).as(f).isPositive();
        }
        assertThat(Files.readString(dir.resolve("success.csv"))).startsWith("n,m_over_n,m,");
    }

    @Test
    void recurrenceRecordsVisitsToTheTeacher(@TempDir Path root) throws Exception {
        var r = RecurrenceExperiment.run(new RecurrenceExperiment.Params(16, List.of(512), List.of(0.0, 1.0), 2,
                Distribution.GAUSSIAN, setup(300, 2)));
        assertThat(r.runs()).hasSize(4);
        RecurrenceExperiment.Run clean = r.runs().get(0);
        assertThat(clean.noise()).isZero();
        assertThat(clean.finalDistance()).isZero();
        assertThat(clean.escapes()).isZero(); // without noise w* is a fixed point
        assertThat(clean.distance()).hasSize(301);
        Path dir = RecurrenceExperiment.report(r, root, new PrintStream(new ByteArrayOutputStream()));
        assertThat(Files.readAllLines(dir.resolve("distance-traces.csv"))).hasSize(1 + 4 * 301);
        assertThat(Files.size(dir.resolve("distance-trace-m512-noise1.0.png"))).isPositive();
        assertThat(Files.size(dir.resolve("fraction-at-target.png"))).isPositive();
    }

    @Test
    void normalizationRepairsUniformInputs(@TempDir Path root) throws Exception {
        var r = NormalizationExperiment.run(new NormalizationExperiment.Params(16, List.of(Distribution.UNIFORM01),
                List.of(16.0), 3, 0, setup(200, 2)));
        assertThat(r.rows()).hasSize(2);
        assertThat(r.rows().get(0).normalized()).isFalse();
        assertThat(r.rows().get(0).cell().rate()).isZero();
        assertThat(r.rows().get(1).cell().rate()).isEqualTo(1.0);
        Path dir = NormalizationExperiment.report(r, root, new PrintStream(new ByteArrayOutputStream()));
        assertThat(Files.readString(dir.resolve("success.csv"))).contains("uniform01,true,16.0,256,3,3,1.0");
    }
}

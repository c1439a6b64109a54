package dev.bitste.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.data.Distribution;
import dev.bitste.ste.LearningRate;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small runs of the three model A experiments: outputs, determinism across thread counts, the claims in small. */
class ModelAExperimentsTest {

    static TrainingSetup setup(int steps) {
        return new TrainingSetup(4, steps, LearningRate.defaultSchedule(), 0.01, 0, 1, 1);
    }

    static Path runAll(Sweep<?> sweep, Path root, int threads, PrintStream out) {
        return SweepRunner.run(sweep, Shard.ALL, new SweepRunner.Invocation(List.of(sweep.name()), threads, root, null,
                out));
    }

    static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    static SampleComplexityExperiment.Params sampleComplexity(List<Double> grid, int trials, int steps) {
        return new SampleComplexityExperiment.Params(List.of(16), List.of(grid), trials, Distribution.GAUSSIAN, 0, false,
                setup(steps), 0, 0, 50);
    }

    @Test
    void sampleComplexityIsThreadCountIndependentAndWritesItsFiles(@TempDir Path root) throws Exception {
        var experiment = new SampleComplexityExperiment(sampleComplexity(List.of(0.5, 16.0), 3, 120));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Path one = runAll(experiment, root.resolve("one"), 1, new PrintStream(text, true));
        Path three = runAll(experiment, root.resolve("three"), 3, quiet());
        for (String f : List.of("outcomes.jsonl", "results.json", "success.csv", "transitions.csv")) {
            assertThat(Files.readString(three.resolve(f))).as(f).isEqualTo(Files.readString(one.resolve(f)));
        }
        var cells = experiment.summarize(SweepRunnerTest.outcomes(one, SampleComplexityExperiment.Outcome.class)).cells();
        assertThat(cells.get(0).rate()).isZero(); // m = 8 < n: cannot pin down w*
        assertThat(cells.get(1).rate()).isEqualTo(1.0);
        assertThat(text.toString()).contains("success_rate").contains("m_star_over_n2");
        assertThat(one.getParent()).isEqualTo(root.resolve("one").resolve("experiments").resolve("sample-complexity"));
        for (String f : List.of("sweep.json", "run.json", "summary.md", "success-vs-m-over-n.png",
                "success-vs-m-over-n2.png", "transition-vs-n.png")) {
            assertThat(Files.size(one.resolve(f))).as(f).isPositive();
        }
        assertThat(Files.readString(one.resolve("success.csv"))).startsWith("n,m_over_n,m,m_over_n2,steps,");
        assertThat(one.resolve(SweepRunner.JOURNAL_FILE)).doesNotExist();
    }

    @Test
    void theDoubledBudgetContinuesTheSameRuns(@TempDir Path root) {
        var p = new SampleComplexityExperiment.Params(List.of(16, 24), List.of(List.of(1.0, 2.0), List.of(2.0)), 4,
                Distribution.GAUSSIAN, 0, false, setup(10), 0.5, 16, 20);
        assertThat(p.steps(16)).isEqualTo(10);
        assertThat(p.steps(24)).isEqualTo(12);
        var experiment = new SampleComplexityExperiment(p);
        Path dir = runAll(experiment, root, 2, quiet());
        var outcomes = SweepRunnerTest.outcomes(dir, SampleComplexityExperiment.Outcome.class);
        assertThat(outcomes).hasSize(12);
        for (int i = 0; i < 12; i++) {
            var o = outcomes.get(i);
            if (i < 8) { // n = 16 is the budget check: 20 steps, and the state after 10 of them is the 10-step run's
                assertThat(o.doubledDistance()).isNotNegative();
                if (o.distance() == 0) {
                    assertThat(o.doubledDistance()).isZero(); // no noise: w* is a fixed point
                    assertThat(o.doubledFirstHit()).isEqualTo(o.firstHit());
                }
            } else {
                assertThat(o.doubledDistance()).isEqualTo(-1);
            }
        }
        var r = experiment.summarize(outcomes);
        assertThat(r.doubledCells()).hasSize(2);
        assertThat(r.doubledCells().get(0).steps()).isEqualTo(20);
        assertThat(r.budgetCheck().n()).isEqualTo(16);
    }

    @Test
    void recurrenceRecordsVisitsToTheTeacher(@TempDir Path root) throws Exception {
        var experiment = new RecurrenceExperiment(new RecurrenceExperiment.Params(16, List.of(512), List.of(0.0, 1.0), 2,
                Distribution.GAUSSIAN, setup(300)));
        Path dir = runAll(experiment, root, 2, quiet());
        var r = experiment.summarize(SweepRunnerTest.outcomes(dir, RecurrenceExperiment.Run.class));
        assertThat(r.runs()).hasSize(4);
        RecurrenceExperiment.Run clean = r.runs().get(0);
        assertThat(clean.noise()).isZero();
        assertThat(clean.finalDistance()).isZero();
        assertThat(clean.escapes()).isZero(); // without noise w* is a fixed point
        assertThat(clean.distance()).hasSize(301);
        assertThat(Files.readAllLines(dir.resolve("distance-traces.csv"))).hasSize(1 + 4 * 301);
        assertThat(Files.size(dir.resolve("distance-trace-m512-noise1.0.png"))).isPositive();
        assertThat(Files.size(dir.resolve("fraction-at-target.png"))).isPositive();
    }

    @Test
    void normalizationRepairsUniformInputs(@TempDir Path root) throws Exception {
        var experiment = new NormalizationExperiment(new NormalizationExperiment.Params(16,
                List.of(Distribution.UNIFORM01), List.of(16.0), 3, 0, setup(200)));
        Path dir = runAll(experiment, root, 2, quiet());
        var r = experiment.summarize(SweepRunnerTest.outcomes(dir, SampleComplexityExperiment.Outcome.class));
        assertThat(r.rows()).hasSize(2);
        assertThat(r.rows().get(0).normalized()).isFalse();
        assertThat(r.rows().get(0).cell().rate()).isZero();
        assertThat(r.rows().get(1).cell().rate()).isEqualTo(1.0);
        assertThat(Files.readString(dir.resolve("success.csv"))).contains("uniform01,true,16.0,256,3,3,1.0");
    }

    @Test
    void gridsParseAsListsOrAsPointsPerDoubling() {
        assertThat(SampleComplexityExperiment.ratios("--m-over-n", "1:4:2")).containsExactly(1.0, 1.41421, 2.0, 2.82843,
                4.0);
        assertThat(SampleComplexityExperiment.ratios("--m-over-n", "3, 5")).containsExactly(3.0, 5.0);
        for (String bad : List.of("", "1:4", "4:1:2", "0:4:2", "1:4:0", "a,b", "1:1e9:100")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SampleComplexityExperiment.ratios("--grid 8", bad))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grid");
        }
    }
}

package dev.bitste.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitste.data.Distribution;
import dev.bitste.kernels.Surrogate;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards merge into exactly the files of one run; interrupted runs resume; bad merges are refused. */
class SweepRunnerTest {
    static final PrintStream QUIET = ModelAExperimentsTest.quiet();

    static <O> List<O> outcomes(Path dir, Class<O> type) {
        ObjectMapper json = new ObjectMapper();
        List<O> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve(SweepRunner.OUTCOMES_FILE))) {
                out.add(json.treeToValue(json.readTree(line).get("outcome"), type));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static SweepRunner.Invocation how(Path root, int threads) {
        return new SweepRunner.Invocation(List.of("test"), threads, root, null, QUIET);
    }

    static Path shard(Sweep<?> sweep, Path root, int i, int n) {
        return SweepRunner.run(sweep, new Shard(i, n), how(root, 1));
    }

    /** Every file of {@code dir} but run.json, by name. */
    static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                if (!f.getFileName().toString().equals(SweepRunner.RUN_FILE)) {
                    m.put(f.getFileName().toString(), Files.readAllBytes(f));
                }
            }
        }
        return m;
    }

    static void assertSameFiles(Path merged, Path whole) throws IOException {
        Map<String, byte[]> a = files(merged);
        Map<String, byte[]> b = files(whole);
        assertThat(a.keySet()).isEqualTo(b.keySet()).contains(SweepRunner.SWEEP_FILE, SweepRunner.OUTCOMES_FILE);
        a.forEach((name, bytes) -> assertThat(bytes).as(name).isEqualTo(b.get(name)));
    }

    static List<Sweep<?>> smallSweeps() {
        TrainingSetup s = ModelAExperimentsTest.setup(40);
        return List.of(
                new SampleComplexityExperiment(new SampleComplexityExperiment.Params(List.of(12, 16),
                        List.of(List.of(1.0, 4.0), List.of(2.0)), 3, Distribution.GAUSSIAN, 0, false, s, 2, 16, 30)),
                new RecurrenceExperiment(new RecurrenceExperiment.Params(12, List.of(48), List.of(0.0, 0.5), 2,
                        Distribution.GAUSSIAN, s)),
                new NormalizationExperiment(new NormalizationExperiment.Params(12, List.of(Distribution.UNIFORM01),
                        List.of(2.0, 8.0), 2, 0, s)),
                new SubspaceExperiment(new SubspaceExperiment.Config(List.of(60.0, 90.0), 2, List.of(0.0),
                        List.of(Surrogate.RELU), 4, 300, 3)));
    }

    @Test
    void shardsMergeIntoTheFilesOfOneRunBitForBit(@TempDir Path root) throws IOException {
        for (Sweep<?> sweep : smallSweeps()) {
            Path whole = SweepRunner.run(sweep, Shard.ALL, how(root.resolve("whole"), 2));
            List<Path> parts = new ArrayList<>();
            for (int i = 2; i >= 0; i--) { // any order
                parts.add(shard(sweep, root.resolve("shards"), i, 3));
            }
            for (Path part : parts) {
                assertThat(part.resolve("results.json")).as("a shard has no report").doesNotExist();
                assertThat(Files.readString(part.resolve(SweepRunner.SWEEP_FILE))).contains("\"shard\"");
            }
            Path merged = SweepRunner.merge(sweep, parts, how(root.resolve("merged"), 1));
            assertSameFiles(merged, whole);
            JsonNode run = new ObjectMapper().readTree(merged.resolve(SweepRunner.RUN_FILE).toFile());
            assertThat(run.get("merged")).hasSize(3);
            // a whole run merged alone: its report again
            assertSameFiles(SweepRunner.merge(sweep, List.of(whole), how(root.resolve("again"), 1)), whole);
        }
    }

    @Test
    void badMergesAreRefusedWithTheReason(@TempDir Path root) {
        List<Sweep<?>> sweeps = smallSweeps();
        Sweep<?> sweep = sweeps.get(2);
        Path a = shard(sweep, root, 0, 3);
        Path b = shard(sweep, root, 1, 3);
        Path c = shard(sweep, root, 2, 3);
        Path other = shard(sweep, root, 0, 2);
        Sweep<?> otherParams = new NormalizationExperiment(new NormalizationExperiment.Params(12,
                List.of(Distribution.UNIFORM01), List.of(2.0, 8.0), 2, 0.1, ModelAExperimentsTest.setup(40)));
        assertThatThrownBy(() -> SweepRunner.merge(sweep, List.of(a, b), how(root, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shard(s) 2/3 missing");
        assertThatThrownBy(() -> SweepRunner.merge(sweep, List.of(a, b, c, a), how(root, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("are both shard 0/3");
        assertThatThrownBy(() -> SweepRunner.merge(sweep, List.of(a, b, c, other), how(root, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is shard 0/2");
        assertThatThrownBy(() -> SweepRunner.merge(otherParams, List.of(a, b, c), how(root, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a shard of the same sweep");
        assertThatThrownBy(() -> SweepRunner.merge(sweeps.get(1), List.of(a, b, c), how(root, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a shard of the same sweep");
        assertThatThrownBy(() -> SweepRunner.merge(sweep, List.of(root), how(root, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no sweep.json");
    }

    /** A sweep that fails at one trial, as an interruption would stop it. */
    record Failing<O>(Sweep<O> inner, int at) implements Sweep<O> {
        public String name() {
            return inner.name();
        }

        public Map<String, Object> params() {
            return inner.params();
        }

        public int trials() {
            return inner.trials();
        }

        public O trial(int index) {
            if (index == at) {
                throw new IllegalStateException("interrupted at " + index);
            }
            return inner.trial(index);
        }

        public Class<O> outcomeType() {
            return inner.outcomeType();
        }

        public void report(List<O> outcomes, ExperimentOutput out, PrintStream print) {
            inner.report(outcomes, out, print);
        }
    }

    @Test
    void anInterruptedRunKeepsItsTrialsAndResumes(@TempDir Path root) throws IOException {
        Sweep<?> sweep = smallSweeps().get(0);
        Path whole = SweepRunner.run(sweep, Shard.ALL, how(root.resolve("whole"), 1));
        Path base = root.resolve("broken");
        assertThatThrownBy(() -> SweepRunner.run(new Failing<>(sweep, 5), Shard.ALL, how(base, 1)))
                .hasMessageContaining("interrupted at 5");
        Path partial;
        try (Stream<Path> s = Files.list(base.resolve("experiments").resolve(sweep.name()))) {
            partial = s.findFirst().orElseThrow();
        }
        assertThat(partial.getFileName().toString()).endsWith(".partial");
        Path journal = partial.resolve(SweepRunner.JOURNAL_FILE);
        int kept = Files.readAllLines(journal).size(); // one thread: trials 0..4, perhaps 6 as the failure came
        assertThat(kept).isBetween(5, 6);
        Files.writeString(journal, "{\"trial\":7,\"outc", StandardCharsets.UTF_8, StandardOpenOption.APPEND); // torn

        assertThatThrownBy(() -> SweepRunner.run(smallSweeps().get(2), Shard.ALL,
                new SweepRunner.Invocation(List.of("t"), 1, base, partial, QUIET)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other parameters");
        assertThatThrownBy(() -> SweepRunner.run(sweep, Shard.ALL,
                new SweepRunner.Invocation(List.of("t"), 1, base, whole, QUIET)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".partial");

        Path resumed = SweepRunner.run(sweep, Shard.ALL, new SweepRunner.Invocation(List.of("t"), 2, base, partial, QUIET));
        assertThat(resumed.getFileName().toString() + ".partial").isEqualTo(partial.getFileName().toString());
        assertSameFiles(resumed, whole);
        JsonNode run = new ObjectMapper().readTree(resumed.resolve(SweepRunner.RUN_FILE).toFile());
        assertThat(run.get("trials_resumed").asInt()).isEqualTo(kept);
    }

    @Test
    void shardsAreDisjointAndCoverEveryTrial() {
        assertThat(new Shard(1, 3).trials(8)).containsExactly(1, 4, 7);
        assertThat(Shard.ALL.trials(3)).containsExactly(0, 1, 2);
        assertThat(Shard.parse(" 2/5 ")).isEqualTo(new Shard(2, 5));
        for (String bad : List.of("3/3", "-1/2", "1", "a/b", "1/0", "")) {
            assertThatThrownBy(() -> Shard.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--shard");
        }
    }
}

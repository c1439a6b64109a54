package dev.bitste.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubspaceCommandTest {

    @Test
    void badFlagsExitWithTwoAndWriteNothing(@TempDir Path root) throws IOException {
        List<String[]> bad = List.of(
                new String[] {"--theta", "0"}, new String[] {"--theta", "95"}, new String[] {"--theta", "abc"},
                new String[] {"--trials", "0"}, new String[] {"--noise", "-0.1"}, new String[] {"--surrogate", "tanh"},
                new String[] {"--bits", "9"}, new String[] {"--max-steps", "0"}, new String[] {"--theta", "30,30"},
                new String[] {"--frobnicate"});
        for (String[] flags : bad) {
            String[] args = Stream.concat(Stream.of("experiment", "subspace", "--results", root.toString()),
                    Stream.of(flags)).toArray(String[]::new);
            assertThat(Main.run(args)).as(String.join(" ", flags)).isEqualTo(2);
        }
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void smallRunWritesJsonCsvAndCharts(@TempDir Path root) throws IOException {
        int code = Main.run("experiment", "subspace", "--results", root.toString(), "--theta", "90", "--trials", "2",
                "--noise", "0", "--surrogate", "relu,clipped", "--max-steps", "1000", "--seed", "4");
        assertThat(code).isZero();
        Path base = root.resolve("experiments").resolve("subspace");
        Path dir;
        try (Stream<Path> runs = Files.list(base)) {
            dir = runs.findFirst().orElseThrow();
        }
        assertThat(dir.getFileName().toString()).doesNotEndWith(".partial");
        assertThat(dir.resolve("runs.csv")).exists();
        assertThat(dir.resolve("summary.csv")).exists();
        assertThat(dir.resolve("iterations-noise-0.0.png")).exists();
        assertThat(dir.resolve("norm-noise-0.0.png")).exists();
        JsonNode json = new ObjectMapper().readTree(dir.resolve("subspace.json").toFile());
        assertThat(json.get("runs")).hasSize(2 * 2);
        assertThat(json.get("cells")).hasSize(2);
        int converged = 0;
        for (JsonNode run : json.get("runs")) {
            if (run.get("converged").asBoolean()) {
                converged++;
                assertThat(run.get("finalLoss").asDouble()).isZero();
                assertThat(run.get("accuracy").asDouble()).isEqualTo(1.0);
            }
        }
        assertThat(converged).isPositive();
        assertThat(Files.readAllLines(dir.resolve("runs.csv"))).hasSize(1 + 4);
    }
}

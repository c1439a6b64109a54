package dev.bitste.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.data.IdxReaderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeNet5CommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheTableTheCurvesAndEveryRun() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        IdxReaderTest.split(data, "train", 100, 100, true, 1);
        IdxReaderTest.split(data, "t10k", 30, 30, false, 2);
        Path results = dir.resolve("results");
        String[] r = TrainInferCommandTest.run("experiment", "lenet5", "--data", data.toString(), "--epochs", "2",
                "--seeds", "2", "--bits", "32,2", "--surrogate", "relu,revexp", "--validation", "36", "--threads", "2",
                "--results-dir", results.toString());
        assertThat(r[0]).as(r[1]).isEqualTo("0");
        assertThat(r[1]).contains("2-bit revexp - 2-bit relu (paper: >= 0)").contains("float ")
                .contains("fewer epochs than");
        Path run;
        try (Stream<Path> runs = Files.list(results.resolve("experiments").resolve("lenet5"))) {
            run = runs.findFirst().orElseThrow();
        }
        assertThat(run.getFileName().toString()).doesNotEndWith(".partial");
        assertThat(run.resolve("accuracy-2bit.png")).isNotEmptyFile();
        assertThat(run.resolve("lenet5.json")).content().contains("\"complete\" : true");
        List<String> summary = Files.readAllLines(run.resolve("summary.csv"));
        assertThat(summary).hasSize(4); // header, float, 2-bit relu, 2-bit revexp
        assertThat(summary.get(1)).startsWith("float,32,,2,2,");
        assertThat(Files.readAllLines(run.resolve("epochs.csv"))).hasSize(1 + 3 * 2 * 2);
        try (Stream<Path> files = Files.list(run.resolve("runs"))) {
            assertThat(files).hasSize(6);
        }
    }
}

package dev.bitste.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.data.IdxReaderTest;
import dev.bitste.nn.PackedMlp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainInferCommandTest {
    @TempDir
    Path dir;

    /** Runs the CLI, returning exit code and stdout + stderr. */
    static String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int code = Main.run(args);
            return new String[] {String.valueOf(code), buf.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void trainSavesAModelThatInferLoadsAndNothingIsOverwritten() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        IdxReaderTest.split(data, "train", 120, 120, true, 1);
        IdxReaderTest.split(data, "t10k", 40, 40, false, 2);
        Path model = dir.resolve("m.bsm");
        String[] train = run("train", "--data", data.toString(), "--arch", "784-32-10", "--epochs", "1", "--batch", "30",
                "--out", model.toString());
        assertThat(train[0]).as(train[1]).isEqualTo("0");
        assertThat(train[1]).contains("epoch").contains("saved " + model);
        assertThat(PackedMlp.load(model).sizes()).containsExactly(784, 32, 10);
        byte[] saved = Files.readAllBytes(model);

        String[] again = run("train", "--data", data.toString(), "--arch", "784-32-10", "--epochs", "1", "--out",
                model.toString());
        assertThat(again[0]).isEqualTo("2");
        assertThat(again[1]).contains("already exists");
        assertThat(Files.readAllBytes(model)).isEqualTo(saved);

        String[] infer = run("infer", "--model", model.toString(), "--data", data.toString(), "--seconds", "0.05");
        assertThat(infer[0]).as(infer[1]).isEqualTo("0");
        assertThat(infer[1]).contains("float32").contains("scalar").contains("40 test images");
        // the float32 line is the best float32 peer, OpenBLAS, wherever its natives load
        assertThat(infer[1]).contains(dev.bitste.peers.OpenBlas.available() ? "float32 (OpenBLAS)" : "float32 (loops)");

        // two threads: one more row, with the accuracy of the one-thread rows
        String[] two = run("infer", "--model", model.toString(), "--data", data.toString(), "--seconds", "0.05",
                "--threads", "2");
        assertThat(two[0]).as(two[1]).isEqualTo("0");
        java.util.List<String> accuracies = two[1].lines().filter(l -> l.startsWith("scalar") || l.startsWith("vector"))
                .map(l -> l.trim().split("\\s+")[l.contains(" x2 ") ? 2 : 1]).toList();
        assertThat(accuracies).hasSizeGreaterThanOrEqualTo(2).allMatch(a -> a.equals(accuracies.getFirst()));
        assertThat(two[1]).contains(" x2 ");
    }

    @Test
    void missingDataSaysHowToInstallAndExitsWith2() {
        String[] r = run("train", "--data", dir.resolve("nowhere").toString(), "--epochs", "1");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("apt-get install dataset-fashion-mnist");
        String[] f = run("experiment", "fogzo", "--data", dir.resolve("nowhere").toString(), "--results",
                dir.resolve("res").toString());
        assertThat(f[0]).isEqualTo("2");
        assertThat(f[1]).contains("apt-get install dataset-fashion-mnist");
        assertThat(dir.resolve("res")).doesNotExist();
    }

    @Test
    void badParametersExitWith2() {
        assertThat(run("train", "--arch", "784-x-10")[0]).isEqualTo("2");
        assertThat(run("train", "--arch", "100-10", "--epochs", "1")[1]).contains("must start with 784");
        assertThat(run("train", "--estimator", "magic", "--epochs", "1")[1]).contains("estimator 'magic'");
        assertThat(run("infer", "--model", dir.resolve("none.bsm").toString())[1]).contains("does not exist");
        String[] zero = run("infer", "--model", dir.resolve("none.bsm").toString(), "--threads", "0");
        assertThat(zero[0]).isEqualTo("2");
        assertThat(zero[1]).contains("--threads").contains("0");
    }
}

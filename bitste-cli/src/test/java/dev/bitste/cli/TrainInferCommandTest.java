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
    void trainsLeNet5AndTheBinarizedCnn() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        IdxReaderTest.split(data, "train", 96, 96, true, 1);
        IdxReaderTest.split(data, "t10k", 40, 40, false, 2);
        String[] lenet = run("train", "--model", "lenet5", "--data", data.toString(), "--activation-bits", "2",
                "--surrogate", "logtail", "--epochs", "1", "--validation", "32", "--threads", "2");
        assertThat(lenet[0]).as(lenet[1]).isEqualTo("0");
        assertThat(lenet[1]).contains("LeNet-5 with 2-bit relu (logtail STE").contains("32 held out for validation")
                .contains("sgd, lr 0.1 step, batch 64");
        Path model = dir.resolve("bcnn.bsm");
        String[] bcnn = run("train", "--model", "bcnn", "--data", data.toString(), "--epochs", "1", "--batch-size", "16",
                "--limit", "32", "--out", model.toString());
        assertThat(bcnn[0]).as(bcnn[1]).isEqualTo("0");
        assertThat(bcnn[1]).contains("binarized CNN").contains("conv 28x28x1 k3 s1 same -> 32 binary");
        String[] infer = run("infer", "--model", model.toString(), "--data", data.toString(), "--seconds", "0.05");
        assertThat(infer[0]).as(infer[1]).isEqualTo("0");
        assertThat(infer[1]).contains("CNN").contains("scalar").contains("40 test images")
                .contains(dev.bitste.peers.OpenBlas.available() ? "float32 (OpenBLAS)" : "float32 ");
    }

    @Test
    void cnnModelsRejectWhatTheyDoNotUse() {
        assertThat(run("train", "--model", "resnet")).containsExactly("2",
                "bitste: model 'resnet' unknown (use mlp, lenet5 or bcnn)\n");
        assertThat(run("train", "--model", "lenet5", "--activation-bits", "16")[1])
                .contains("activation-bits must be 1..8 or 32 (float), got 16");
        assertThat(run("train", "--model", "lenet5", "--surrogate", "identity")[1])
                .contains("surrogate 'identity' is not one of paper 003's");
        assertThat(run("train", "--model", "lenet5", "--arch", "784-10")[1])
                .contains("--arch applies to --model mlp, not lenet5");
        assertThat(run("train", "--model", "bcnn", "--surrogate", "relu")[1])
                .contains("--surrogate applies to --model lenet5, not bcnn");
        assertThat(run("train", "--activation-bits", "2")[1]).contains("--activation-bits applies to --model lenet5");
        assertThat(run("train", "--validation", "100")[1]).contains("--validation applies to --model lenet5 or bcnn");
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

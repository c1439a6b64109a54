package dev.bitste.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bitste.data.IdxReaderTest;
import dev.bitste.nn.Activation;
import dev.bitste.nn.MlpSpec;
import dev.bitste.nn.MlpTrainer;
import dev.bitste.nn.WeightQuantizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every expected failure is one line on stderr, {@code bitste: ...}, and exit code 2, found before the work when it
 * is about the arguments; no stack traces.
 */
class FailuresTest {
    @TempDir
    Path dir;

    Path data;
    Path aFile;

    @BeforeEach
    void smallDataset() throws IOException {
        data = Files.createDirectory(dir.resolve("data"));
        IdxReaderTest.split(data, "train", 60, 60, true, 1);
        IdxReaderTest.split(data, "t10k", 20, 20, true, 2);
        aFile = Files.writeString(dir.resolve("a-file"), "not a directory");
    }

    /** Runs the CLI in this JVM; exit code and everything printed. */
    static Outcome run(String... args) {
        String[] r = TrainInferCommandTest.run(args);
        return new Outcome(Integer.parseInt(r[0]), r[1]);
    }

    record Outcome(int code, String output) {
        /** The lines that are not the JVM's own warnings. */
        List<String> lines() {
            return output.lines().filter(l -> !l.startsWith("WARNING:")).toList();
        }

        /** Exit code 2 and, as the last line, one {@code bitste:} line containing {@code text}; no stack trace. */
        void isOneLineError(String text) {
            assertThat(code).as(output).isEqualTo(2);
            assertThat(output).as(output).doesNotContain("\tat ").doesNotContain("Exception:");
            assertThat(lines()).as(output).last().asString().startsWith("bitste: ").contains(text);
        }
    }

    @Test
    void unreadableInputsAreOneLine() throws IOException {
        run("infer", "--model", dir.toString()).isOneLineError(dir + " is a directory");
        byte[] gz = Files.readAllBytes(data.resolve("t10k-labels-idx1-ubyte.gz"));
        Files.write(data.resolve("t10k-labels-idx1-ubyte.gz"), Arrays.copyOf(gz, gz.length / 2));
        Path model = dir.resolve("m.bsm");
        assertThat(run("train", "--data", data.toString(), "--arch", "784-16-10", "--epochs", "1", "--out",
                model.toString()).code()).as("the test split is read before training").isEqualTo(2);
        assertThat(model).doesNotExist();
        run("train", "--data", data.toString(), "--arch", "784-16-10", "--epochs", "1", "--out", model.toString())
                .isOneLineError("truncated");
    }

    @Test
    void sizesBeyondAnIntOrTheHeapAreOneLine() {
        run("experiment", "normalization", "--n", "2000000000", "--m-over-n", "1", "--trials", "1", "--steps", "1",
                "--results-dir", dir.resolve("r").toString()).isOneLineError("does not fit an int");
        MlpSpec huge = new MlpSpec(MlpSpec.parseArch("784-2000000-10"), WeightQuantizer.BINARY, Activation.BINARY,
                true);
        assumeTrue(MlpTrainer.memoryEstimate(huge) > Runtime.getRuntime().maxMemory());
        Outcome r = run("train", "--data", data.toString(), "--arch", "784-2000000-10", "--epochs", "1", "--out",
                dir.resolve("big.bsm").toString());
        r.isOneLineError("training --arch 784-2000000-10 needs about ");
        assertThat(r.output()).contains("the JVM's heap holds at most " + Failures.gib(Runtime.getRuntime().maxMemory()));
    }

    @Test
    void errorsThatPicocliLetsThroughAreDescribed() {
        assertThat(Failures.describe(new ExceptionInInitializerError(new IllegalArgumentException(
                "-Dbitste.kernels must be auto, scalar or vector, got 'bogus'")))).contains("'bogus'");
        assertThat(Failures.describe(new OutOfMemoryError("Java heap space"))).contains("Java heap space")
                .contains("heap holds at most").contains("-Xmx");
        assertThat(Failures.describe(new java.io.UncheckedIOException(new AccessDeniedException("/x/y"))))
                .isEqualTo("permission denied: /x/y");
        assertThat(Failures.describe(new ArithmeticException("integer overflow"))).contains("does not fit an int");
        assertThat(Failures.describe(new ExceptionInInitializerError(new IllegalStateException(
                "the Vector API module is absent; add --add-modules jdk.incubator.vector")))).contains("--add-modules");
        assertThat(Failures.describe(new NullPointerException())).as("a bug keeps its stack trace").isNull();
        assertThat(Failures.describe(new IllegalStateException("a broken invariant"))).isNull();
    }

    @Test
    void badKernelPropertiesAreOneLineInAFreshJvm() throws Exception {
        for (String property : new String[] {"-Dbitste.kernels=bogus", "-Dbitste.vectorBits=100"}) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "--add-modules", "jdk.incubator.vector", property, "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(), "info"));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            new Outcome(p.exitValue(), out).isOneLineError(property.substring(0, property.indexOf('=')));
        }
    }

    @Test
    void unwritableDestinationsAreFoundBeforeTheWork() {
        Outcome train = run("train", "--data", data.toString(), "--arch", "784-16-10", "--epochs", "1", "--out",
                aFile.resolve("sub.bsm").toString());
        train.isOneLineError("--out " + aFile.resolve("sub.bsm") + " cannot be written: " + aFile + " is a file");
        assertThat(train.output()).doesNotContain("epoch");
        run("experiment", "normalization", "--trials", "1", "--results-dir", aFile.resolve("r").toString())
                .isOneLineError("--results-dir");
        run("experiment", "subspace", "--trials", "1", "--results-dir", aFile.toString())
                .isOneLineError("--results-dir");
        run("bench", "--profile", "smoke", "--include", "XnorDot", "--out", aFile.resolve("runs").toString())
                .isOneLineError("--out");
        run("bench", "--profile", "smoke", "--include", "XnorDot", "--results-dir", aFile.toString())
                .isOneLineError("--results-dir");
        run("report", "src/test/resources/jmh/xnordot-smoke.json", "--out", aFile.resolve("report").toString())
                .isOneLineError("--out");
    }

    @Test
    void divergingTrainingSavesNothing() {
        Path model = dir.resolve("diverged.bsm");
        Outcome r = run("train", "--data", data.toString(), "--arch", "784-16-10", "--epochs", "2", "--lr", "3e38",
                "--batch-size", "20", "--out", model.toString());
        r.isOneLineError("training diverged in epoch 1");
        assertThat(r.output()).contains("nothing was saved").contains("--lr");
        assertThat(model).doesNotExist();
    }

    @Test
    void smallArgumentMistakesAreCaughtByName() {
        run("train", "--arch", "784-32-10-").isOneLineError("'784-32-10-'");
        run("infer", "--model", "x.bsm", "--seconds", "Infinity")
                .isOneLineError("Invalid value for option '--seconds': 'Infinity' is not a positive, finite number");
        run("train", "--lr", "NaN").isOneLineError("option '--lr': 'NaN'");
        run("train", "--input-bits", "3").isOneLineError("--input-bits must be 8, 4, 2 or 1, got 3");
        run("train", "--weight-bits", "3").isOneLineError("--weight-bits must be 1 or 2, got 3");
        run("experiment", "fogzo", "--beta-min", "2").isOneLineError("option '--beta-min': '2' is not a number in [0, 1]");
        run("bench", "--jmh=-garbage").isOneLineError("'-garbage' is not a JMH option");
        run("train", "--bogus").isOneLineError("Unknown option: '--bogus'");
    }
}

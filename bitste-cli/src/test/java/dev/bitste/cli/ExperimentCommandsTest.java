package dev.bitste.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad experiment parameters: a clear message, exit code 2, nothing written. */
class ExperimentCommandsTest {

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of(new String[] {"sample-complexity", "--n", "0,16"},
                        "option '--n' (<n>): '0' is not a positive integer"),
                Arguments.of(new String[] {"sample-complexity", "--m-over-n", "0"},
                        "--m-over-n 0.0 at --n 16 gives m = 0 samples"),
                Arguments.of(new String[] {"sample-complexity", "--m-over-n", "0.001"},
                        "--m-over-n 0.001 at --n 16 gives m = 0 samples"),
                Arguments.of(new String[] {"sample-complexity", "--dist", "cauchy"}, "unknown distribution 'cauchy'"),
                Arguments.of(new String[] {"sample-complexity", "--noise", "-0.5"},
                        "Invalid value for option '--noise': '-0.5' is not a finite number >= 0"),
                Arguments.of(new String[] {"sample-complexity", "--trials", "0"}, "option '--trials': '0'"),
                Arguments.of(new String[] {"sample-complexity", "--schedule", "power:1:2"}, "exponent a must be in (0, 1]"),
                Arguments.of(new String[] {"sample-complexity", "--init-std", "-1"},
                        "Invalid value for option '--init-std': '-1' is not a positive, finite number"),
                Arguments.of(new String[] {"recurrence", "--m", "0"}, "option '--m' (<m>): '0' is not a positive integer"),
                Arguments.of(new String[] {"recurrence", "--noise", "0,-1"}, "option '--noise' (<noise>): '-1'"),
                Arguments.of(new String[] {"recurrence", "--noise", "Infinity"}, "option '--noise' (<noise>): 'Infinity'"),
                Arguments.of(new String[] {"recurrence", "--n", "0"}, "option '--n': '0'"),
                Arguments.of(new String[] {"normalization", "--dist", "gaussian,foo"}, "unknown distribution 'foo'"),
                Arguments.of(new String[] {"normalization", "--steps", "0"}, "option '--steps': '0'"),
                Arguments.of(new String[] {"normalization", "--threads", "0"}, "option '--threads': '0'"),
                Arguments.of(new String[] {"normalization", "--batch-size", "-1"}, "option '--batch-size': '-1'"),
                Arguments.of(new String[] {"normalization", "--k", "0"}, "option '--k': '0'"),
                Arguments.of(new String[] {"lenet5", "--bits", "32,9"}, "activation-bits must be 1..8 or 32 (float), got 9"),
                Arguments.of(new String[] {"lenet5", "--surrogate", "clipped"}, "surrogate 'clipped' is not one of paper 003's"),
                Arguments.of(new String[] {"lenet5", "--surrogate", "magic"}, "surrogate 'magic' is unknown"),
                Arguments.of(new String[] {"lenet5", "--epochs", "0"}, "option '--epochs': '0'"),
                Arguments.of(new String[] {"lenet5", "--validation", "0"}, "option '--validation': '0'"),
                Arguments.of(new String[] {"sample-complexity", "--grid", "48=2:8:2"}, "48 is not one of --n"),
                Arguments.of(new String[] {"sample-complexity", "--budget-check", "48"}, "--budget-check 48"),
                Arguments.of(new String[] {"sample-complexity", "--grid", "16=4:2:2"}, "--grid 16 must be LO:HI:K"),
                Arguments.of(new String[] {"recurrence", "--shard", "1/1"}, "--shard must be i/N"),
                Arguments.of(new String[] {"subspace", "--resume", "nowhere"}, "--resume must name"));
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void badParametersExitWithTwoAndWriteNothing(String[] args, String message, @TempDir Path root) throws Exception {
        String[] full = Stream.concat(Stream.of("experiment"), Stream.concat(Stream.of(args),
                Stream.of("--results-dir", root.toString()))).toArray(String[]::new);
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true));
            code = Main.run(full);
        } finally {
            System.setErr(oldErr);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(message);
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("emptyLists")
    void emptyListsAreRejected(String[] args, @TempDir Path root) {
        String[] full = Stream.concat(Stream.of("experiment"), Stream.concat(Stream.of(args),
                Stream.of("--results-dir", root.toString()))).toArray(String[]::new);
        PrintStream oldErr = System.err;
        try {
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true));
            assertThat(Main.run(full)).isEqualTo(2);
        } finally {
            System.setErr(oldErr);
        }
        assertThat(root.toFile().list()).isEmpty();
    }

    static int quietly(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true));
            return Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Path only(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().endsWith(".partial")).findFirst().orElseThrow();
        }
    }

    /** The recorded command line rebuilds the sweep: shards run and merged by the CLI equal one run. */
    @Test
    void shardsRunAndMergeThroughTheCommandLine(@TempDir Path root) throws Exception {
        String[] args = {"experiment", "sample-complexity", "--n", "12", "--m-over-n", "1:4:1", "--grid", "12=2,4",
            "--trials", "2", "--steps", "30", "--bootstrap", "20", "--threads", "1"};
        assertThat(quietly(concat(args, "--results-dir", root.resolve("whole").toString()))).isZero();
        for (int i = 0; i < 2; i++) {
            assertThat(quietly(concat(args, "--results-dir", root.resolve("s" + i).toString(), "--shard", i + "/2")))
                    .isZero();
        }
        Path s0 = only(root.resolve("s0/experiments/sample-complexity"));
        Path s1 = only(root.resolve("s1/experiments/sample-complexity"));
        assertThat(quietly("experiment", "merge", s1.toString(), s0.toString(), "--results-dir",
                root.resolve("merged").toString())).isZero();
        Path whole = only(root.resolve("whole/experiments/sample-complexity"));
        Path merged = only(root.resolve("merged/experiments/sample-complexity"));
        for (String f : List.of("sweep.json", "outcomes.jsonl", "results.json", "success.csv", "transition-vs-n.png")) {
            assertThat(Files.readAllBytes(merged.resolve(f))).as(f).isEqualTo(Files.readAllBytes(whole.resolve(f)));
        }
        assertThat(Files.readString(merged.resolve("success.csv"))).contains("12,2.0,24,");
        assertThat(quietly("experiment", "merge", s0.toString(), "--results-dir", root.toString())).isEqualTo(2);
        assertThat(quietly("experiment", "merge", root.toString())).isEqualTo(2);
        assertThat(quietly(concat(args, "--shard", "2/2", "--results-dir", root.toString()))).isEqualTo(2);
    }

    static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    static Stream<Arguments> emptyLists() {
        return Stream.of(Arguments.of((Object) new String[] {"sample-complexity", "--n", ""}),
                Arguments.of((Object) new String[] {"recurrence", "--noise", ""}),
                Arguments.of((Object) new String[] {"normalization", "--m-over-n", ""}));
    }
}

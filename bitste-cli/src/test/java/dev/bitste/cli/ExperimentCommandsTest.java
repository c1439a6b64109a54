package dev.bitste.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
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
                        "option '--m-over-n' (<mOverN>): '0' is not a positive, finite number"),
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
                Arguments.of(new String[] {"lenet5", "--validation", "0"}, "option '--validation': '0'"));
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

    static Stream<Arguments> emptyLists() {
        return Stream.of(Arguments.of((Object) new String[] {"sample-complexity", "--n", ""}),
                Arguments.of((Object) new String[] {"recurrence", "--noise", ""}),
                Arguments.of((Object) new String[] {"normalization", "--m-over-n", ""}));
    }
}

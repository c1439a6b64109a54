package dev.bitste.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
    private static final String VECTOR_16384 = "dev.bitste.bench.XnorDot.dot [thrpt] impl=vector,n=16384";

    /** A machine's runs: the fixture, the same again, then its vector n=16384 30% slower; and a smoke run. */
    private static Path machineRuns(Path results) throws IOException {
        Path machine = results.resolve("runs").resolve("m1");
        run(machine.resolve("20261101T100000Z"), "xnordot-thrpt.json", "gate");
        run(machine.resolve("20261102T100000Z"), "xnordot-thrpt.json", "gate");
        run(machine.resolve("20261103T100000Z"), "xnordot-thrpt-drop30.json", "gate");
        run(machine.resolve("20261104T100000Z"), "xnordot-thrpt.json", "smoke");
        run(machine.resolve("20261105T100000Z.partial"), "xnordot-thrpt.json", "gate");
        return machine;
    }

    private static void run(Path dir, String fixture, String profile) throws IOException {
        Files.createDirectories(dir);
        Files.copy(Fixtures.path(fixture), dir.resolve(JmhJson.FILE_NAME));
        Files.writeString(dir.resolve(RunInfo.FILE_NAME),
                new RunInfo(profile, ".*", null, List.of(), 4, 1, "2026-11-01T10:00:00Z", 0.5, null).toJson());
    }

    @Test
    void marksTheRunWhereABenchmarkSlowedDownAndSkipsOtherProfilesAndPartialRuns(@TempDir Path tmp)
            throws IOException {
        History h = History.of(machineRuns(tmp), "gate", Comparison.Settings.defaults());
        assertThat(h.runs()).extracting(History.Run::stamp)
                .containsExactly("20261101T100000Z", "20261102T100000Z", "20261103T100000Z");
        assertThat(h.points().get(VECTOR_16384)).extracting(History.Point::change).containsExactly(
                Comparison.Verdict.UNCHANGED, Comparison.Verdict.UNCHANGED, Comparison.Verdict.REGRESSION);
        assertThat(h.points().values()).allSatisfy(ps -> assertThat(ps).hasSize(3));
        assertThat(h.points().entrySet()).filteredOn(e -> !e.getKey().equals(VECTOR_16384))
                .allSatisfy(e -> assertThat(e.getValue()).noneMatch(p -> p.change() != Comparison.Verdict.UNCHANGED));
        String md = h.markdown();
        assertThat(md).contains("3 runs", "20261104T100000Z (smoke profile)", "20261105T100000Z.partial (partial)",
                "regression in", "none in 3 runs");
        assertThat(h.charts()).hasSize(4).allSatisfy((name, png) -> {
            assertThat(name).endsWith(".png");
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        });
    }

    @Test
    void theCommandWritesTheSummaryAndChartsAndNamesAnUnknownMachine(@TempDir Path tmp) throws IOException {
        machineRuns(tmp);
        Path out = tmp.resolve("history-out");
        assertThat(Main.run("history", "--results-dir", tmp.toString(), "--machine", "m1", "--out", out.toString()))
                .isZero();
        assertThat(out.resolve(History.FILE_NAME)).content().contains("regression in");
        try (var s = Files.list(out)) {
            assertThat(s.filter(p -> p.toString().endsWith(".png")).count()).isEqualTo(4);
        }
        assertThat(Main.run("history", "--results-dir", tmp.toString(), "--machine", "nope")).isEqualTo(2);
        assertThatThrownBy(() -> History.of(tmp.resolve("runs/m1"), "quick", Comparison.Settings.defaults()))
                .hasMessageContaining("no complete quick run");
    }
}

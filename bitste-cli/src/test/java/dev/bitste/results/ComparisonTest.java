package dev.bitste.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {
    private static final String VECTOR_16384 = "dev.bitste.bench.XnorDot.dot [thrpt] impl=vector,n=16384";

    private static Comparison compare(String base, String current) {
        return ComparisonReport.compare(Fixtures.path(base), Fixtures.path(current), settings(10), false).comparison();
    }

    @Test
    void identicalRunsHaveNoChanges() {
        Comparison c = compare("xnordot-thrpt.json", "xnordot-thrpt.json");
        assertThat(c.changes()).hasSize(4).allMatch(ch -> ch.verdict() == Comparison.Verdict.UNCHANGED);
        assertThat(c.hasRegression()).isFalse();
        assertThat(c.onlyInBase()).isEmpty();
        assertThat(c.onlyInNew()).isEmpty();
    }

    @Test
    void thirtyPercentThroughputDropIsARegression() {
        Comparison c = compare("xnordot-thrpt.json", "xnordot-thrpt-drop30.json");
        assertThat(c.changes(Comparison.Verdict.REGRESSION)).singleElement().satisfies(ch -> {
            assertThat(ch.base().key()).isEqualTo(VECTOR_16384);
            assertThat(ch.change()).isCloseTo(-0.30, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(ch.speedup()).isCloseTo(0.70, org.assertj.core.data.Offset.offset(1e-9));
        });
        assertThat(c.changes(Comparison.Verdict.UNCHANGED)).hasSize(3);
        assertThat(Main.run("compare", Fixtures.path("xnordot-thrpt.json").toString(),
                Fixtures.path("xnordot-thrpt-drop30.json").toString())).isEqualTo(1);
    }

    @Test
    void thirtyPercentAverageTimeRiseIsARegression() {
        Comparison c = compare("xnordot-avgt.json", "xnordot-avgt-rise30.json");
        assertThat(c.changes(Comparison.Verdict.REGRESSION)).singleElement().satisfies(ch -> {
            assertThat(ch.base().unit()).isEqualTo("ns/op");
            assertThat(ch.change()).isCloseTo(1 / 1.3 - 1, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(ch.speedup()).isCloseTo(1 / 1.3, org.assertj.core.data.Offset.offset(1e-9));
        });
        // the other way round the same change is an improvement: lower time per operation is better
        Comparison back = compare("xnordot-avgt-rise30.json", "xnordot-avgt.json");
        assertThat(back.changes(Comparison.Verdict.IMPROVEMENT)).hasSize(1);
        assertThat(back.hasRegression()).isFalse();
        assertThat(Main.run("compare", Fixtures.path("xnordot-avgt.json").toString(),
                Fixtures.path("xnordot-avgt-rise30.json").toString())).isEqualTo(1);
    }

    @Test
    void thirtyPercentThroughputGainIsAnImprovementAndPasses() {
        Comparison c = compare("xnordot-thrpt.json", "xnordot-thrpt-up30.json");
        assertThat(c.changes(Comparison.Verdict.IMPROVEMENT)).singleElement()
                .satisfies(ch -> assertThat(ch.base().key()).isEqualTo(VECTOR_16384));
        assertThat(c.hasRegression()).isFalse();
        assertThat(Main.run("compare", Fixtures.path("xnordot-thrpt.json").toString(),
                Fixtures.path("xnordot-thrpt-up30.json").toString())).isZero();
    }

    @Test
    void changesInsideTheNoiseAreUnchanged() {
        // one speed 4% lower (under half the threshold), one 20% lower but too noisy to be significant
        Comparison c = compare("xnordot-thrpt.json", "xnordot-thrpt-noise.json");
        assertThat(c.changes()).hasSize(4).allMatch(ch -> ch.verdict() == Comparison.Verdict.UNCHANGED);
        assertThat(c.changes()).anyMatch(ch -> Math.abs(ch.change() + 0.20) < 0.01)
                .anyMatch(ch -> Math.abs(ch.change() + 0.04) < 0.001);
        // with a 3% threshold the 4% drop (significant: its iterations vary by 0.3%) counts
        Comparison strict = ComparisonReport.compare(Fixtures.path("xnordot-thrpt.json"),
                Fixtures.path("xnordot-thrpt-noise.json"), settings(3), false).comparison();
        assertThat(strict.changes(Comparison.Verdict.REGRESSION)).singleElement()
                .satisfies(ch -> assertThat(ch.change()).isCloseTo(-0.04, org.assertj.core.data.Offset.offset(0.001)));
    }

    @Test
    void renamedAndMissingBenchmarksAreListedOnTheirSide() {
        Comparison c = compare("xnordot-thrpt.json", "xnordot-thrpt-renamed.json");
        assertThat(c.onlyInBase()).extracting(JmhResult::key).containsExactly(
                "dev.bitste.bench.XnorDot.dot [thrpt] impl=scalar,n=1000",
                "dev.bitste.bench.XnorDot.dot [thrpt] impl=scalar,n=16384");
        assertThat(c.onlyInNew()).extracting(JmhResult::key)
                .containsExactly("dev.bitste.bench.XnorDot.xnorDot [thrpt] impl=scalar,n=1000");
        assertThat(c.changes()).hasSize(2);
        String md = ComparisonReport.compare(Fixtures.path("xnordot-thrpt.json"),
                Fixtures.path("xnordot-thrpt-renamed.json"), settings(10), false).markdown();
        assertThat(md).contains("Missing in new", "XnorDot.dot [thrpt] impl=scalar,n=16384", "New benchmarks",
                "XnorDot.xnorDot [thrpt] impl=scalar,n=1000");
    }

    @Test
    void unusableInputExitsWithTwoNamingTheFile(@TempDir Path dir) {
        String good = Fixtures.path("xnordot-thrpt.json").toString();
        assertThat(Main.run("compare", good, Fixtures.path("malformed.json").toString())).isEqualTo(2);
        assertThat(Main.run("compare", Fixtures.path("not-jmh.json").toString(), good)).isEqualTo(2);
        assertThat(Main.run("compare", dir.resolve("nope.json").toString(), good)).isEqualTo(2);
        assertThatThrownBy(() -> JmhJson.read(Fixtures.path("malformed.json")))
                .isInstanceOf(ResultsFormatException.class).hasMessageContaining("malformed.json")
                .hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> JmhJson.read(Fixtures.path("not-jmh.json")))
                .hasMessageContaining("not-jmh.json").hasMessageContaining("not JMH output");
        assertThatThrownBy(() -> JmhJson.read(dir.resolve("nope.json"))).hasMessageContaining("nope.json")
                .hasMessageContaining("no such file");
    }

    @Test
    void emptyArrayAndUnknownUnitAreUnusable(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.json"), "[]");
        assertThatThrownBy(() -> JmhJson.read(empty)).hasMessageContaining("no benchmark results");
        String one = Files.readString(Fixtures.path("xnordot-thrpt.json"));
        Path odd = Files.writeString(dir.resolve("odd.json"), one.replace("\"ops/us\"", "\"furlongs\""));
        assertThatThrownBy(() -> JmhJson.read(odd)).hasMessageContaining("odd.json").hasMessageContaining("furlongs");
    }

    @Test
    void unitsAreComparedOnACommonScale() {
        assertThat(ScoreUnit.of("ops/ms").common(1000)).isEqualTo(ScoreUnit.of("ops/us").common(1), withinPpm());
        assertThat(ScoreUnit.of("us/op").common(1)).isEqualTo(ScoreUnit.of("ns/op").common(1000), withinPpm());
        assertThat(ScoreUnit.of("ops/s").higherIsBetter()).isTrue();
        assertThat(ScoreUnit.of("s/op").higherIsBetter()).isFalse();
        assertThat(ScoreUnit.of("ns/op").speedup(5, 10)).isEqualTo(2.0);
        assertThat(ScoreUnit.of("ops/us").speedup(5, 10)).isEqualTo(0.5);
        assertThatThrownBy(() -> ScoreUnit.of("B/op")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void singleIterationScoresWithoutIntervalStillCompare() {
        List<JmhResult> base = JmhJson.read(Fixtures.path("xnordot-smoke.json"));
        assertThat(base.getFirst().primaryMetric().scoreError()).isNaN();
        assertThat(base.getFirst().primaryMetric().low()).isEqualTo(base.getFirst().score());
        assertThat(Comparison.of(base, base, settings(10)).changes()).singleElement()
                .satisfies(ch -> assertThat(ch.verdict()).isEqualTo(Comparison.Verdict.UNCHANGED));
    }

    @Test
    void crossMachineComparisonsAreLabelled(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.createDirectories(a);
        Files.createDirectories(b);
        Files.copy(Fixtures.path("xnordot-thrpt.json"), a.resolve("jmh.json"));
        Files.copy(Fixtures.path("xnordot-thrpt-up30.json"), b.resolve("jmh.json"));
        MachineInfo m = MachineInfoTest.sample("AMD EPYC 9R14", List.of("avx512f"));
        MachineInfo other = MachineInfoTest.sample("Apple M2", List.of("neon"));
        Files.writeString(a.resolve("machine.json"), m.toJson());
        Files.writeString(b.resolve("machine.json"), other.toJson());
        String md = ComparisonReport.compare(a, b, settings(10), false).markdown();
        assertThat(md).contains("CROSS-MACHINE", m.id() + " -> " + other.id(), "never fails");
        Files.delete(b.resolve("machine.json"));
        Files.writeString(b.resolve("machine.json"), m.toJson());
        assertThat(ComparisonReport.compare(a, b, settings(10), false).markdown()).doesNotContain("CROSS-MACHINE");
    }

    private static Comparison.Settings settings(double thresholdPct) {
        return Comparison.Settings.defaults().withThreshold(thresholdPct);
    }

    private static org.assertj.core.data.Offset<Double> withinPpm() {
        return org.assertj.core.data.Offset.offset(1e-6);
    }
}

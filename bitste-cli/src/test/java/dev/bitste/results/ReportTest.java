package dev.bitste.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.cli.Main;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @Test
    void rendersMachineSummarySpeedupScoreTablesAndCharts(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.copy(Fixtures.path("convention.json"), run.resolve("jmh.json"));
        MachineInfo m = MachineInfoTest.sample("AMD EPYC 9R14", List.of("avx512f", "avx512_vpopcntdq"));
        Files.writeString(run.resolve("machine.json"), m.toJson());

        assertThat(Main.run("report", run.toString())).isZero();
        String md = Files.readString(run.resolve("report.md"));
        assertThat(md).contains("| machine | " + m.id() + " |", "| SIMD flags | avx512f avx512_vpopcntdq |",
                "## Where SIMD pays", "## Popcount", "## XnorDot");
        List<JmhResult> results = JmhJson.read(run);
        // every result appears as a score row
        for (JmhResult r : results) {
            assertThat(md).contains("| " + Report.number(r.score()) + " |");
        }
        // speedup table: vector at n=10000, preferred width, over scalar, computed from the fixture's scores
        JmhResult vector = find(results, "Popcount.vector", "10000", "preferred");
        JmhResult scalar = find(results, "Popcount.scalar", "10000", null);
        JmhResult bitset = find(results, "Popcount.peer_bitset", "10000", null);
        String row = "| 10000 | preferred | " + cell(vector, scalar) + " | ";
        assertThat(md).contains("| n | vectorBits | vs scalar | vs trulyScalar | vs peer_bitset | vs float32 |", row);
        assertThat(md).contains("| " + cell(vector, bitset) + " |");
        // at n=10 the fixture's intervals overlap: the speedup is shown, not in bold, and marked
        JmhResult vector10 = find(results, "Popcount.vector", "10", "preferred");
        JmhResult scalar10 = find(results, "Popcount.scalar", "10", null);
        assertThat(vector10.primaryMetric().low()).isLessThan(scalar10.primaryMetric().high());
        assertThat(md).contains("| 10 | preferred | " + Report.times(vector10.score() / scalar10.score())
                + " (not clear) | ");
        // XnorDot (impl parameter, no `vector` method) gets scores and a chart but no speedups
        assertThat(md).contains("| XnorDot |  | no `vector` method with a baseline |");
        assertThat(md).contains("![Popcount](Popcount-thrpt.png)", "![XnorDot](XnorDot-thrpt.png)");
        for (String png : List.of("Popcount-thrpt.png", "XnorDot-thrpt.png")) {
            BufferedImage image = ImageIO.read(run.resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
            assertThat(image.getWidth()).isEqualTo(900);
        }
        // a second report never overwrites the first
        assertThat(Main.run("report", run.toString())).isEqualTo(2);
        Path elsewhere = dir.resolve("elsewhere");
        assertThat(Main.run("report", run.resolve("jmh.json").toString(), "--out", elsewhere.toString())).isZero();
        assertThat(Files.readString(elsewhere.resolve("report.md"))).isEqualTo(md);
    }

    @Test
    void chartsDrawOneLinePerImplementationAgainstN() {
        List<JmhResult> results = JmhJson.read(Fixtures.path("convention.json"));
        List<JmhResult> popcount = results.stream().filter(r -> r.family().equals("Popcount")).toList();
        List<ResultCharts.Chart> charts = ResultCharts.of("Popcount", popcount);
        assertThat(charts).singleElement().satisfies(c -> {
            assertThat(c.series()).containsExactly("vector@preferred", "vector@256", "scalar", "trulyScalar",
                    "peer_bitset", "float32");
            assertThat(c.png()).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        });
    }

    @Test
    void summaryQuotesThePreferredWidthRange() {
        Report r = Report.of("t", JmhJson.read(Fixtures.path("convention.json")), Optional.empty());
        assertThat(r.markdown()).contains("_No machine.json beside these results");
        assertThat(r.summary()).contains("| Popcount | preferred |");
        Speedups sp = Speedups.of(JmhJson.read(Fixtures.path("convention.json")).stream()
                .filter(x -> x.family().equals("Popcount")).toList());
        assertThat(sp.baselines()).containsExactly("scalar", "trulyScalar", "peer_bitset", "float32");
        assertThat(sp.headlineRows()).hasSize(4).allMatch(row -> row.vectorBits().equals("preferred"));
    }

    /**
     * The expected cell: bold when at least 1.1x and the vector's interval lies above the baseline's, marked
     * "(not clear)" when the intervals overlap.
     */
    private static String cell(JmhResult vector, JmhResult base) {
        double x = vector.score() / base.score();
        boolean apart = vector.primaryMetric().low() > base.primaryMetric().high()
                || vector.primaryMetric().high() < base.primaryMetric().low();
        return apart && x >= 1.1 ? "**" + Report.times(x) + "**" : apart ? Report.times(x)
                : Report.times(x) + " (not clear)";
    }

    private static JmhResult find(List<JmhResult> results, String name, String n, String bits) {
        return results.stream().filter(r -> (r.family() + "." + r.method()).equals(name)
                && r.params().get("n").equals(n) && (bits == null || bits.equals(r.params().get("vectorBits"))))
                .findFirst().orElseThrow();
    }
}

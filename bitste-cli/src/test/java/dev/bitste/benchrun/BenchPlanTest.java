package dev.bitste.benchrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Plans over the real benchmark list of this build (XnorDot is the family every build has). */
class BenchPlanTest {
    private static final Set<BenchmarkListEntry> ALL = BenchmarkList.defaultList().find(
            OutputFormatFactory.createFormatInstance(new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT),
            List.of(".*"), List.of());

    private static BenchPlan plan(BenchProfile profile, String include, String exclude, String jmh) {
        return BenchPlan.of(ALL, profile, Pattern.compile(include), exclude == null ? null : Pattern.compile(exclude),
                BenchRun.parseJmh(jmh));
    }

    @Test
    void selectsByRegexOneRunPerClass() {
        BenchPlan xnor = plan(BenchProfile.QUICK, "\\.XnorDot\\.", null, "");
        assertThat(xnor.runs()).singleElement().satisfies(r -> {
            assertThat(r.className()).isEqualTo("dev.bitste.bench.XnorDot");
            assertThat(r.benchmarks()).isNotEmpty().allMatch(b -> b.startsWith("dev.bitste.bench.XnorDot."));
            assertThat(r.count()).isPositive();
        });
        assertThat(plan(BenchProfile.QUICK, "\\.XnorDot\\.", "XnorDot", "").isEmpty()).isTrue();
        BenchPlan all = plan(BenchProfile.FULL, ".*", null, "");
        assertThat(all.runs()).extracting(BenchPlan.ClassRun::className).doesNotHaveDuplicates()
                .contains("dev.bitste.bench.XnorDot");
        assertThat(all.total()).isEqualTo(all.runs().stream().mapToInt(BenchPlan.ClassRun::count).sum());
    }

    @Test
    void fullGridIsAtLeastTheQuickGridAndSmokeRunsTheQuickGrid() {
        BenchPlan quick = plan(BenchProfile.QUICK, ".*", null, "");
        BenchPlan smoke = plan(BenchProfile.SMOKE, ".*", null, "");
        BenchPlan full = plan(BenchProfile.FULL, ".*", null, "");
        assertThat(smoke.total()).isEqualTo(quick.total());
        assertThat(full.total()).isGreaterThanOrEqualTo(quick.total());
        assertThat(full.runs()).allMatch(r -> r.params().isEmpty());
    }

    @Test
    void expertParametersWinAndMultiplyTheCount() {
        BenchPlan one = plan(BenchProfile.QUICK, "\\.XnorDot\\.", null, "-p n=7");
        BenchPlan two = plan(BenchProfile.QUICK, "\\.XnorDot\\.", null, "-p n=7,8");
        assertThat(two.runs().getFirst().params().get("n")).containsExactly("7", "8");
        assertThat(two.total()).isEqualTo(2 * one.total());
        BenchPlan modes = plan(BenchProfile.QUICK, "\\.XnorDot\\.", null, "-p n=7 -bm thrpt,avgt");
        assertThat(modes.total()).isEqualTo(2 * one.total());
    }
}

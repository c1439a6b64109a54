package dev.bitste.benchrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

class PeerCheckTest {
    @Test
    void theBenchmarksThatNeedANativePeerAreItsPeerMethods() {
        assertThat(PeerCheck.C_BENCHMARKS.matcher("dev.bitste.bench.XnorDot.peer_c").find()).isTrue();
        assertThat(PeerCheck.C_BENCHMARKS.matcher("dev.bitste.bench.XnorDot.peer_c_unscoped").find()).isTrue();
        assertThat(PeerCheck.C_BENCHMARKS.matcher("dev.bitste.bench.XnorDot.peer_cublas").find()).isFalse();
        assertThat(PeerCheck.C_BENCHMARKS.matcher("dev.bitste.bench.XnorDot.peer_lucene").find()).isFalse();
        assertThat(PeerCheck.OPENBLAS_BENCHMARKS.matcher("dev.bitste.bench.BinaryGemm.peer_openblas").find()).isTrue();
        assertThat(PeerCheck.OPENBLAS_BENCHMARKS.matcher("dev.bitste.bench.BinaryGemm.peer_openblasx").find()).isFalse();
    }

    @Test
    void aPlanWithoutPeersNeedsNoneAndLeavesNothingOut() {
        BenchPlan plan = BenchPlan.of(BenchmarkList.defaultList().find(OutputFormatFactory.createFormatInstance(
                new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT), List.of(".*"), List.of()),
                BenchProfile.QUICK, Pattern.compile("XnorDot\\.(vector|scalar)$"), null, BenchRun.parseJmh(""));
        assertThat(plan.benchmarks()).containsExactly("dev.bitste.bench.XnorDot.scalar", "dev.bitste.bench.XnorDot.vector");
        PeerCheck none = PeerCheck.of(plan);
        assertThat(none.leavesOut()).isFalse();
        assertThat(none.exclude(null)).isNull();
        assertThat(none.exclude(Pattern.compile("x")).pattern()).isEqualTo("(?:x)");
        assertThat(none.describe()).isEmpty();
    }
}

package dev.bitste.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.peers.CPeerBuild;
import dev.bitste.peers.OpenBlas;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The report of a run with peers and declared work (fixtures peers.json and peers-benchmarks.json, made by
 * peers.py): the best peer and the best float32 implementation, ratios whose intervals overlap marked, the units
 * a tuner reads, the machine's peers. Expected figures are computed here from the fixture's scores.
 */
class PeerReportTest {
    static final List<JmhResult> RESULTS = JmhJson.read(Fixtures.path("peers.json"));
    static final BenchmarkCatalog CATALOG = BenchmarkCatalog.read(Fixtures.path("peers-benchmarks.json"));

    static MachineInfo machine(CPeerBuild.Info c, OpenBlas.Info blas) {
        return MachineInfoTest.sample("AMD EPYC", List.of("avx512f")).withPeers(c, blas);
    }

    static final CPeerBuild.Info GCC = new CPeerBuild.Info("cc", "cc (Debian 12.2.0-14) 12.2.0", CPeerBuild.FLAGS,
            "avx512-vpopcntdq", null);
    static final OpenBlas.Info BLAS = new OpenBlas.Info("0.3.31", "Cooperlake",
            "OpenBLAS 0.3.31 DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64", "OPENBLAS_CORETYPE=Haswell cleared", 1,
            null);

    static double score(String family, String method, String param, String value) {
        return RESULTS.stream().filter(r -> r.family().equals(family) && r.method().equals(method)
                && r.params().get(param).equals(value)).findFirst().orElseThrow().score();
    }

    /** The summary's cell: geometric mean (min-max), then the overlap marking and the best candidates. */
    static String spread(double[] ratios, String marking) {
        double log = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double x : ratios) {
            log += Math.log(x);
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return Report.times(Math.exp(log / ratios.length)) + " (" + Report.times(min) + "-" + Report.times(max) + ")"
                + marking;
    }

    @Test
    void summaryQuotesTheBestPeerAndTheBestFloat32AndMarksOverlappingIntervals() {
        Report r = Report.of("t", RESULTS, Optional.of(machine(GCC, BLAS)), CATALOG);
        List<String> n = List.of("1024", "16384", "262144");
        // best peer: c at 1024 and 16384, lucene at 262144 (whose interval overlaps the vector's)
        double[] peer = {score("XnorDot", "vector", "n", "1024") / score("XnorDot", "peer_c", "n", "1024"),
            score("XnorDot", "vector", "n", "16384") / score("XnorDot", "peer_c", "n", "16384"),
            score("XnorDot", "vector", "n", "262144") / score("XnorDot", "peer_lucene", "n", "262144")};
        // best float32: OpenBLAS at 1024 and 16384, the FMA baseline at 262144; all clearly slower than vector
        double[] f32 = n.stream().mapToDouble(v -> score("XnorDot", "vector", "n", v)
                / Math.max(score("XnorDot", "float32", "n", v), score("XnorDot", "peer_openblas", "n", v))).toArray();
        assertThat(r.summary()).contains("| family | vector width | vs scalar | vs trulyScalar | vs best peer |"
                + " vs float32 (best) | vs each peer |");
        assertThat(r.summary()).contains("| XnorDot | preferred | ", " | " + spread(peer, " (1 of 3 not clear)")
                + " [c, lucene] | **" + spread(f32, "") + "** [openblas, float32] | ");
        // MLP: the best (and only) peer is OpenBLAS, also the best float32 at both batches
        assertThat(r.summary()).contains("| MlpInference | preferred | ");
        assertThat(r.summary()).containsPattern("\\| MlpInference .*\\[openblas\\] \\| .*\\[openblas\\] \\|");
    }

    @Test
    void familyTablesHaveBestColumnsAndNotClearCells() {
        String md = Report.of("t", RESULTS, Optional.empty(), CATALOG).markdown();
        assertThat(md).contains("| n | vectorBits | vs scalar | vs trulyScalar | vs peer_bitset | vs peer_c |"
                + " vs peer_lucene | vs peer_openblas | vs float32 | vs best peer | vs float32 (best) |");
        String overlap = Report.times(score("XnorDot", "vector", "n", "262144")
                / score("XnorDot", "peer_lucene", "n", "262144")) + " (not clear)";
        assertThat(md).contains("| " + overlap + " | ", "| " + overlap + " [lucene] |");
        // a clearly slower ratio is neither bold nor marked
        assertThat(md).contains("| " + Report.times(100.0 / 110) + " [c] |");
    }

    @Test
    void scoreTablesShowTheUnitsATunerReads() {
        String md = Report.of("t", RESULTS, Optional.empty(), CATALOG).markdown();
        // XnorDot: binary ops/ns for the binary kernels, MACs/ns for the float ones (ops/us x n / 1000)
        assertThat(md).contains("| score | ± error | unit | binary ops/ns | MACs/ns |");
        assertThat(md).contains("| `vector` | 1024 | preferred | 100.0 | 2.000 | ops/us | "
                + Report.number(100 * 1024 / 1e3) + " |  |");
        assertThat(md).contains("| `float32` | 1024 |  | 20.000 | 0.40000 | ops/us |  | "
                + Report.number(20 * 1024 / 1e3) + " |");
        // MemoryBandwidth: GB/s from its bytes counter, as a fraction of its own 256 MB figure
        double reference = 40.0 * 256 * (1 << 20);
        assertThat(md).contains("| score | ± error | unit | GB/s | of bandwidth |");
        assertThat(md).contains("| `vector` | 256 | 40.000 | 0.80000 | ops/s | " + Report.number(reference / 1e9)
                + " | 100% |");
        assertThat(md).contains("| `vector` | 1 | 20000.0 | 400.0 | ops/s | " + Report.number(20000.0 * (1 << 20) / 1e9)
                + " | " + Throughputs.percent(20000.0 * (1 << 20) / reference) + " |");
        assertThat(md).contains("fraction of the single-core read bandwidth `MemoryBandwidth` measured in this run ("
                + Report.number(reference / 1e9) + " GB/s at 256 MB)");
        // FloatBinaryForward: declared MACs and bytes (m n 4 per op), no counter
        double ops = 0.5e3;
        assertThat(md).contains("| `vector` | 4096 | 1024 | preferred | 0.50000 | 0.01000 | ops/ms | "
                + Report.number(ops * 4096 * 1024 / 1e9) + " | " + Report.number(ops * 4096 * 1024 * 4 / 1e9) + " | "
                + Throughputs.percent(ops * 4096 * 1024 * 4 / reference) + " |");
        // MlpInference: images/s = batches/s x batch
        assertThat(md).contains("| `vector` | 256 | 8 | preferred | 500.0 | 10.000 | ops/s | "
                + Report.number(500.0 * 256) + " |");
    }

    @Test
    void withoutACatalogThereAreNoUnitsAndRolesComeFromNames() {
        Report r = Report.of("t", RESULTS, Optional.empty());
        assertThat(r.markdown()).contains("_No benchmarks.json beside these results").doesNotContain("binary ops/ns |");
        // without the catalog OpenBLAS is just a peer: the best float32 is the float32 baseline alone
        assertThat(r.summary()).containsPattern("\\| XnorDot .*\\[float32\\] \\|");
    }

    @Test
    void theMachineTableNamesCpuDetailsAndPeersAndSaysWhichPeersWereSkipped() {
        String md = Report.of("t", RESULTS, Optional.of(machine(GCC, BLAS)), CATALOG).markdown();
        assertThat(md).contains("| vendor / family | AuthenticAMD, family 26, model 2, stepping 1 |",
                "| caches | L1d 48 KiB, L2 1 MiB (sysfs) |", "| SMT / governor | off / not readable |",
                "| C peer (`peer_c`) | cc (cc (Debian 12.2.0-14) 12.2.0) -O3 -march=native -shared -fPIC, avx512-vpopcntdq |",
                "| OpenBLAS (`peer_openblas`) | OpenBLAS 0.3.31, core Cooperlake (OPENBLAS_CORETYPE=Haswell cleared),"
                        + " 1 thread |")
                .doesNotContain("skipped");
        CPeerBuild.Info none = new CPeerBuild.Info(null, null, CPeerBuild.FLAGS, null, "no C compiler found (tried cc)");
        OpenBlas.Info noBlas = new OpenBlas.Info(null, null, null, null, 0, "OpenBLAS does not load on Mac OS X");
        String skipped = Report.of("t", RESULTS, Optional.of(machine(none, noBlas)), CATALOG).markdown();
        assertThat(skipped).contains("| C peer (`peer_c`) | skipped: no C compiler found (tried cc) |",
                "**`peer_c` benchmarks skipped:** no C compiler found (tried cc).",
                "**`peer_openblas` benchmarks skipped:** OpenBLAS does not load on Mac OS X.");
    }

    @Test
    void chartsDrawEveryImplementationInTheProblemsUnit() {
        Report r = Report.of("t", RESULTS, Optional.empty(), CATALOG);
        assertThat(r.charts().keySet()).containsExactlyInAnyOrder("FloatBinaryForward-thrpt.png",
                "MemoryBandwidth-thrpt.png", "MlpInference-thrpt.png", "XnorDot-thrpt.png");
        Throughputs units = Throughputs.of(RESULTS, CATALOG);
        List<JmhResult> dot = RESULTS.stream().filter(x -> x.family().equals("XnorDot")).toList();
        assertThat(ResultCharts.of("XnorDot", dot, units)).singleElement().satisfies(c -> assertThat(c.series())
                .containsExactly("vector@preferred", "scalar", "trulyScalar", "peer_bitset", "peer_c", "peer_lucene",
                        "peer_openblas", "float32"));
        // the float32 line is drawn in the problem's unit (binary ops/ns), the same number of products
        JmhResult f32 = dot.stream().filter(x -> x.method().equals("float32") && x.params().get("n").equals("1024"))
                .findFirst().orElseThrow();
        assertThat(units.problemRate(f32)).hasValueSatisfying(rate -> {
            assertThat(rate.unit()).isEqualTo(WorkUnit.BINARY_OPS);
            assertThat(rate.value()).isCloseTo(20 * 1024 / 1e3, org.assertj.core.data.Offset.offset(1e-9));
        });
        List<JmhResult> mlp = RESULTS.stream().filter(x -> x.family().equals("MlpInference")).toList();
        assertThat(ResultCharts.of("MlpInference", mlp, units)).singleElement()
                .satisfies(c -> assertThat(c.series()).contains("peer_openblas", "float32_autovec"));
        JmhResult batch = mlp.stream().filter(x -> x.method().equals("vector") && x.params().get("batch").equals("256"))
                .findFirst().orElseThrow();
        assertThat(units.problemRate(batch).orElseThrow().value()).isEqualTo(500.0 * 256);
        assertThat(mlp.stream().map(JmhResult::method).collect(Collectors.toSet())).hasSize(6);
    }
}

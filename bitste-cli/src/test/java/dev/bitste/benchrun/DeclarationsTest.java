package dev.bitste.benchrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.results.BenchmarkCatalog;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.results.WorkPerOp;
import dev.bitste.results.WorkUnit;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Every benchmark declares its work in units the report knows, over parameters it has. */
class DeclarationsTest {
    private static final Set<BenchmarkListEntry> ALL = BenchmarkList.defaultList().find(
            OutputFormatFactory.createFormatInstance(new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT),
            List.of(".*"), List.of());

    @Test
    void everyBenchmarkDeclaresItsWorkOverItsOwnParameters() {
        BenchmarkCatalog catalog = Declarations.of(ALL.stream().map(BenchmarkListEntry::getUsername).toList());
        assertThat(catalog.benchmarks()).hasSize((int) ALL.stream().map(BenchmarkListEntry::getUsername).distinct().count());
        List<String> wrong = new ArrayList<>();
        for (BenchmarkListEntry e : ALL) {
            BenchmarkCatalog.Entry entry = catalog.entry(e.getUsername()).orElseThrow();
            Map<String, String[]> params = e.getParams().orElse(Map.of());
            if (entry.problem().isEmpty()) {
                wrong.add(e.getUsername() + ": its class declares no @Work");
            }
            for (WorkPerOp w : entry.work()) {
                w.per().stream().filter(p -> !params.containsKey(p))
                        .forEach(p -> wrong.add(e.getUsername() + ": @Work per '" + p + "', which is no parameter of it"));
            }
            if (entry.float32() && entry.role() != BenchmarkRole.PEER) {
                wrong.add(e.getUsername() + ": float32 = true is for peers (the float32 role is float32 already)");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void methodsOverrideTheirClassAndFloat32PeersAreMarked() {
        BenchmarkCatalog c = Declarations.of(List.of("dev.bitste.bench.XnorDot.vector",
                "dev.bitste.bench.XnorDot.peer_openblas", "dev.bitste.bench.XnorDot.peer_c", "dev.bitste.bench.Gone.x",
                "dev.bitste.bench.XnorDot.noSuchMethod"));
        assertThat(c.benchmarks()).containsOnlyKeys("dev.bitste.bench.XnorDot.vector",
                "dev.bitste.bench.XnorDot.peer_openblas", "dev.bitste.bench.XnorDot.peer_c");
        WorkPerOp binary = new WorkPerOp(WorkUnit.BINARY_OPS, List.of("n"), 1);
        assertThat(c.entry("dev.bitste.bench.XnorDot.vector").orElseThrow())
                .isEqualTo(new BenchmarkCatalog.Entry(BenchmarkRole.VECTOR, false, List.of(binary), List.of(binary)));
        assertThat(c.entry("dev.bitste.bench.XnorDot.peer_openblas").orElseThrow()).isEqualTo(new BenchmarkCatalog.Entry(
                BenchmarkRole.PEER, true, List.of(new WorkPerOp(WorkUnit.MACS, List.of("n"), 1)), List.of(binary)));
        assertThat(c.entry("dev.bitste.bench.XnorDot.peer_c").orElseThrow().float32()).isFalse();
    }

    @Test
    void theReportFixtureCatalogIsWhatTheBenchmarksDeclare() throws URISyntaxException {
        BenchmarkCatalog fixture = BenchmarkCatalog.read(Path.of(getClass().getResource("/jmh/peers-benchmarks.json").toURI()));
        assertThat(Declarations.of(fixture.benchmarks().keySet())).isEqualTo(fixture);
    }
}

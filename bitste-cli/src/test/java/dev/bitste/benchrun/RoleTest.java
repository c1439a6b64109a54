package dev.bitste.benchrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.results.BenchmarkRole;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Every benchmark method of this build declares its role, and the report reads the same role from its name. */
class RoleTest {
    private static final Set<BenchmarkListEntry> ALL = BenchmarkList.defaultList().find(
            OutputFormatFactory.createFormatInstance(new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT),
            List.of(".*"), List.of());

    @Test
    void everyBenchmarkDeclaresTheRoleItsNameGivesTheReport() throws ClassNotFoundException {
        assertThat(ALL).hasSizeGreaterThan(40);
        List<String> wrong = new ArrayList<>();
        for (BenchmarkListEntry e : ALL) {
            Class<?> c = Class.forName(e.getUserClassQName());
            String name = e.getUsername().substring(e.getUserClassQName().length() + 1);
            Method m = Arrays.stream(c.getMethods()).filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
            Role declared = m.getAnnotation(Role.class);
            if (declared == null) {
                wrong.add(e.getUsername() + ": no @Role");
            } else if (declared.value() != BenchmarkRole.of(name)) {
                wrong.add(e.getUsername() + ": declared " + declared.value() + ", but the report reads "
                        + BenchmarkRole.of(name) + " from its name");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void namesGiveRoles() {
        assertThat(BenchmarkRole.of("vector")).isEqualTo(BenchmarkRole.VECTOR);
        assertThat(BenchmarkRole.of("trulyScalar")).isEqualTo(BenchmarkRole.TRULY_SCALAR);
        assertThat(BenchmarkRole.of("peer_lucene")).isEqualTo(BenchmarkRole.PEER);
        assertThat(BenchmarkRole.of("float32")).isEqualTo(BenchmarkRole.FLOAT32);
        assertThat(BenchmarkRole.of("trulyScalarUnfused")).isEqualTo(BenchmarkRole.VARIANT);
        assertThat(BenchmarkRole.of("float32_autovec")).isEqualTo(BenchmarkRole.VARIANT);
        assertThat(BenchmarkRole.of("vectorParallel")).isEqualTo(BenchmarkRole.VARIANT);
        assertThat(BenchmarkRole.of("vectorized")).isEqualTo(BenchmarkRole.STANDALONE);
        assertThat(BenchmarkRole.of("longArray")).isEqualTo(BenchmarkRole.STANDALONE);
        assertThat(Arrays.stream(BenchmarkRole.values()).filter(BenchmarkRole::isBaseline))
                .containsExactly(BenchmarkRole.SCALAR, BenchmarkRole.TRULY_SCALAR, BenchmarkRole.PEER,
                        BenchmarkRole.FLOAT32);
    }
}

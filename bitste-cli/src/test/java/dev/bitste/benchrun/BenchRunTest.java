package dev.bitste.benchrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.results.JmhJson;
import dev.bitste.results.JmhResult;
import dev.bitste.results.MachineInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One real smoke run of XnorDot through JMH (a few seconds), then a second one against the first. */
class BenchRunTest {
    @BeforeAll
    static void shareTheMachine() {
        // other JMH runs on a shared build machine must not make this functional test fail
        System.setProperty("jmh.ignoreLock", "true");
    }

    private static BenchRun.Settings smoke(Path out, Optional<Path> baseline) {
        return new BenchRun.Settings(BenchProfile.SMOKE, Pattern.compile("\\.XnorDot\\."), null, out, baseline,
                out.resolve("baselines"), true, List.of("-p n=1000"));
    }

    @Test
    void writesACompleteRunDirectoryAndComparesWithABaseline(@TempDir Path out) throws Exception {
        BenchRun first = BenchRun.prepare(smoke(out, Optional.empty()));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        BenchRun.Outcome a = first.run(new PrintStream(console, true, StandardCharsets.UTF_8));
        assertThat(a.failures()).isEmpty();
        Path dir = a.directory();
        MachineInfo machine = MachineInfo.read(dir.resolve("machine.json"));
        assertThat(dir.getParent()).isEqualTo(out.resolve(machine.id()));
        assertThat(dir.getFileName().toString()).matches("\\d{8}T\\d{6}Z(-\\d+)?");
        List<JmhResult> results = JmhJson.read(dir);
        assertThat(results).hasSize(first.plan().total())
                .allMatch(r -> r.family().equals("XnorDot") && r.params().get("n").equals("1000"));
        assertThat(Files.readString(dir.resolve("report.md"))).contains("## XnorDot", machine.id());
        assertThat(Files.size(dir.resolve(BenchRun.LOG_FILE))).isPositive();
        assertThat(a.comparison()).isEmpty();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Run written to " + dir);

        BenchRun.Outcome b = BenchRun.prepare(smoke(out, Optional.of(dir))).run(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(b.directory()).isNotEqualTo(dir).hasParent(dir.getParent());
        assertThat(b.comparison()).hasValueSatisfying(c -> {
            assertThat(c.comparison().changes()).hasSize(results.size());
            assertThat(c.comparison().onlyInBase()).isEmpty();
            assertThat(c.comparison().onlyInNew()).isEmpty();
        });
        assertThat(Files.readString(b.directory().resolve(BenchRun.COMPARISON_FILE)))
                .contains(b.directory().resolve("jmh.json").toString());
    }
}

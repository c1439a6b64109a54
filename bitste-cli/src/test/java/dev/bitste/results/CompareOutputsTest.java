package dev.bitste.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitste.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What compare writes and when it refuses: profiles, partial runs, nothing in common. */
class CompareOutputsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path run(Path dir, String fixture, String profile) throws IOException {
        Files.createDirectories(dir);
        Files.copy(Fixtures.path(fixture), dir.resolve(JmhJson.FILE_NAME));
        Files.writeString(dir.resolve(RunInfo.FILE_NAME),
                new RunInfo(profile, ".*", null, List.of(), 4, 1, "2026-11-01T10:00:00Z", 0.5, null).toJson());
        return dir;
    }

    @Test
    void writesMarkdownJsonAndJunitWithTheRegressionAsAFailure(@TempDir Path tmp) throws IOException {
        Path a = run(tmp.resolve("a"), "xnordot-thrpt.json", "quick");
        Path b = run(tmp.resolve("b"), "xnordot-thrpt-drop30.json", "quick");
        Path out = tmp.resolve("out");
        assertThat(Main.run("compare", a.toString(), b.toString(), "--out", out.toString())).isEqualTo(1);
        JsonNode json = MAPPER.readTree(out.resolve(ComparisonReport.JSON).toFile());
        assertThat(json.get("exitCode").asInt()).isEqualTo(1);
        assertThat(json.get("gate").asBoolean()).isTrue();
        String junit = Files.readString(out.resolve(ComparisonReport.JUNIT));
        assertThat(junit).contains("tests=\"4\"", "failures=\"1\"", "impl=vector,n=16384");
        assertThat(out.resolve(ComparisonReport.MARKDOWN)).exists();
        // the same --out again is refused (never overwritten), exit 2
        assertThat(Main.run("compare", a.toString(), b.toString(), "--out", out.toString())).isEqualTo(2);
    }

    @Test
    void aSmokeRunIsNotGatedAgainstAQuickOne(@TempDir Path tmp) throws IOException {
        Path quick = run(tmp.resolve("quick"), "xnordot-thrpt.json", "quick");
        Path smoke = run(tmp.resolve("smoke"), "xnordot-thrpt-drop30.json", "smoke");
        assertThat(Main.run("compare", quick.toString(), smoke.toString())).isEqualTo(2);
        ComparisonReport.Outcome o = ComparisonReport.compare(quick, smoke, Comparison.Settings.defaults(), true);
        assertThat(o.compatibility().mismatches()).anyMatch(m -> m.contains("profile"));
        assertThat(o.markdown()).contains("MISMATCH");
        assertThat(o.exitCode()).as("a ratio report never fails").isZero();
    }

    @Test
    void nothingInCommonExitsTwo(@TempDir Path tmp) throws IOException {
        Path a = run(tmp.resolve("a"), "xnordot-thrpt.json", "quick");
        Path b = run(tmp.resolve("b"), "xnordot-avgt.json", "quick");
        assertThat(Main.run("compare", a.toString(), b.toString(), "--allow-mismatch")).isEqualTo(2);
    }

    @Test
    void aPartialRunIsReadFromItsJournalAndLabelled(@TempDir Path tmp) throws IOException {
        Path partial = Files.createDirectories(tmp.resolve("20261101T100000Z.partial"));
        StringBuilder lines = new StringBuilder();
        for (JsonNode r : MAPPER.readTree(Fixtures.path("xnordot-thrpt.json").toFile())) {
            if (r.path("params").path("impl").asText().equals("vector")) {
                lines.append(MAPPER.writeValueAsString(r)).append('\n');
            }
        }
        Files.writeString(partial.resolve(JmhJson.JOURNAL), lines);
        JmhJson.Loaded loaded = JmhJson.load(partial);
        assertThat(loaded.results()).hasSize(2);
        assertThat(loaded.note()).isPresent();
        Path out = tmp.resolve("report");
        assertThat(Main.run("report", partial.toString(), "--out", out.toString())).isZero();
        assertThat(out.resolve(Report.FILE_NAME)).content().contains("PARTIAL");
    }
}

package dev.bitste.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate on the repository's own committed data: the committed gate run the machine's gate baseline was promoted
 * from passes against that baseline, and fails (exit 1) against the same baseline
 * with every score made 15% better, as a real 15% slowdown would look. (How often the gate catches a slowdown
 * between two different runs is measured, not tested: results/README.md, "The gate".)
 */
class GateOnCommittedRunsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final double BETTER = 1.15;

    @Test
    void committedGateRunPassesAgainstItsBaselineAndFailsAgainstOneMadeFifteenPercentBetter(@TempDir Path tmp)
            throws IOException {
        Path results = results();
        Path baseline = gateBaseline(results);
        String machine = baseline.getFileName().toString().replaceFirst("\\.gate\\.json$", "");
        String promotedFrom = MAPPER.readTree(baselineSidecar(baseline, "run.json").toFile()).path("promotedFrom")
                .asText();
        Path run = results.resolve("runs").resolve(machine).resolve(promotedFrom);
        assertThat(profile(run)).isEqualTo("gate");

        assertThat(Main.run("compare", baseline.toString(), run.toString())).as("against its own baseline").isZero();

        Path better = tmp.resolve(machine + ".gate.json");
        Files.writeString(better, MAPPER.writeValueAsString(madeBetter(MAPPER.readTree(baseline.toFile()))));
        for (String sidecar : List.of("machine.json", "run.json")) {
            Files.copy(baselineSidecar(baseline, sidecar), baselineSidecar(better, sidecar));
        }
        Path out = tmp.resolve("comparison");
        assertThat(Main.run("compare", better.toString(), run.toString(), "--out", out.toString()))
                .as("against a baseline 15% better").isEqualTo(1);
        JsonNode comparison = MAPPER.readTree(out.resolve("comparison.json").toFile());
        assertThat(comparison.toString()).contains("\"verdict\":\"REGRESSION\"")
                .doesNotContain("\"verdict\":\"IMPROVEMENT\"");
    }

    /** Every score and raw sample 15% better: throughput times 1.15, time per operation divided by it. */
    private static JsonNode madeBetter(JsonNode results) {
        for (JsonNode r : results) {
            JsonNode metric = r.get("primaryMetric");
            String unit = metric.get("scoreUnit").asText();
            double factor = unit.startsWith("ops/") ? BETTER : 1 / BETTER;
            ((ObjectNode) metric).put("score", metric.get("score").asDouble() * factor);
            for (JsonNode fork : metric.get("rawData")) {
                ArrayNode values = (ArrayNode) fork;
                for (int i = 0; i < values.size(); i++) {
                    values.set(i, values.get(i).asDouble() * factor);
                }
            }
        }
        return results;
    }

    private static Path results() {
        for (Path p : List.of(Path.of("results"), Path.of("..", "results"))) {
            if (Files.isDirectory(p.resolve("baselines"))) {
                return p;
            }
        }
        throw new AssertionError("no results/baselines from " + Path.of("").toAbsolutePath());
    }

    private static Path gateBaseline(Path results) throws IOException {
        try (Stream<Path> s = Files.list(results.resolve("baselines"))) {
            List<Path> gates = s.filter(p -> p.getFileName().toString().endsWith(".gate.json")).sorted().toList();
            assertThat(gates).as("a committed gate baseline").isNotEmpty();
            return gates.getFirst();
        }
    }

    private static String profile(Path run) {
        Path info = run.resolve("run.json");
        try {
            return Files.isRegularFile(info) ? MAPPER.readTree(info.toFile()).path("profile").asText() : "";
        } catch (IOException e) {
            throw new AssertionError("cannot read " + info, e);
        }
    }

    private static Path baselineSidecar(Path json, String name) {
        return json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + "." + name);
    }
}

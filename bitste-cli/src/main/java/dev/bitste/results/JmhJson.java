package dev.bitste.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads JMH's JSON result files ({@code -rf json}) into {@link JmhResult}s, refusing anything else. */
public final class JmhJson {
    /** The file a run directory keeps JMH's JSON in. */
    public static final String FILE_NAME = "jmh.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhJson() {
    }

    /**
     * Reads {@code path}: a JMH JSON file, or a run directory holding {@value #FILE_NAME}.
     *
     * @throws ResultsFormatException if the file is missing, not JSON, not JMH output, or empty
     */
    public static List<JmhResult> read(Path path) {
        Path file = resolve(path);
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ResultsFormatException(file, "no such file");
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source.*?\\]\\)", "");
            throw new ResultsFormatException(file, "malformed JSON: " + why
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new ResultsFormatException(file, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new ResultsFormatException(file, "not JMH output: expected a JSON array of benchmark results");
        }
        if (root.isEmpty()) {
            throw new ResultsFormatException(file, "contains no benchmark results");
        }
        List<JmhResult> results = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            results.add(entry(file, i, root.get(i)));
        }
        return results;
    }

    /** A run directory stands for its {@value #FILE_NAME}. */
    public static Path resolve(Path path) {
        return Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
    }

    private static JmhResult entry(Path file, int index, JsonNode node) {
        String where = "result #" + (index + 1);
        JsonNode metric = node.path("primaryMetric");
        if (!node.path("benchmark").isTextual() || !node.path("benchmark").asText().contains(".")
                || !node.path("mode").isTextual() || !metric.isObject()
                || !metric.path("score").isNumber() && !metric.path("score").isTextual()
                || !metric.path("scoreUnit").isTextual()) {
            throw new ResultsFormatException(file, "not JMH output: " + where
                    + " lacks benchmark, mode or primaryMetric.score/scoreUnit");
        }
        try {
            JmhResult r = MAPPER.treeToValue(node, JmhResult.class);
            ScoreUnit.of(r.unit()); // fails early on a unit whose direction of better is unknown
            return r;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ResultsFormatException(file, "not JMH output: " + where + ": " + e.getMessage(), e);
        }
    }
}

package dev.bitste.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * Reads JMH's JSON result files ({@code -rf json}) into {@link JmhResult}s, refusing anything else: malformed
 * JSON, entries that are not JMH results, scores that are not finite non-negative numbers, and the same benchmark
 * twice. A run directory stands for its {@value #FILE_NAME}, or, for a run that was interrupted before writing it,
 * for the results it had finished ({@value #JOURNAL}), read as a partial run.
 */
public final class JmhJson {
    /** The file a run directory keeps JMH's JSON in. */
    public static final String FILE_NAME = "jmh.json";
    /** The results a running bench has finished, one JMH JSON entry per line (removed once jmh.json is written). */
    public static final String JOURNAL = "jmh-finished.jsonl";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhJson() {
    }

    /**
     * Results read from a file or run directory. {@code partial} when they come from an interrupted run (its
     * journal); {@code note} then says what is missing.
     */
    public record Loaded(Path file, List<JmhResult> results, boolean partial, Optional<String> note) {
    }

    /**
     * Reads {@code path}: a JMH JSON file, or a run directory.
     *
     * @throws ResultsFormatException if the file is missing, not JSON, not JMH output, empty, or holds a benchmark
     *     twice or a score that is not a finite number >= 0
     */
    public static List<JmhResult> read(Path path) {
        return load(path).results();
    }

    /** As {@link #read}, saying whether the results are those of an interrupted run. */
    public static Loaded load(Path path) {
        Path file = resolve(path);
        if (file.getFileName().toString().equals(JOURNAL)) {
            return journal(file);
        }
        JsonNode root = parse(file, bytes(file));
        if (root == null || !root.isArray()) {
            throw new ResultsFormatException(file, "not JMH output: expected a JSON array of benchmark results");
        }
        if (root.isEmpty()) {
            throw new ResultsFormatException(file, "contains no benchmark results");
        }
        List<JmhResult> results = new ArrayList<>(root.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < root.size(); i++) {
            JmhResult r = entry(file, "result #" + (i + 1), root.get(i));
            Integer earlier = seen.putIfAbsent(r.key(), i + 1);
            if (earlier != null) {
                throw new ResultsFormatException(file, "results #" + earlier + " and #" + (i + 1)
                        + " are the same benchmark (" + r.key() + "); a comparison could not tell which to use");
            }
            results.add(r);
        }
        return new Loaded(file, List.copyOf(results), false, Optional.empty());
    }

    /** A run directory stands for its {@value #FILE_NAME}, or its {@value #JOURNAL} when it has only that. */
    public static Path resolve(Path path) {
        if (!Files.isDirectory(path)) {
            return path;
        }
        Path json = path.resolve(FILE_NAME);
        Path journal = path.resolve(JOURNAL);
        return !Files.exists(json) && Files.exists(journal) ? journal : json;
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ResultsFormatException(file, "no such file");
        } catch (IOException e) {
            throw new ResultsFormatException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(Path file, byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source.*?\\]\\)", "");
            throw new ResultsFormatException(file, "malformed JSON: " + why
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new ResultsFormatException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The journal of an interrupted run: one result per line, a benchmark's forks (the gate's rounds) on several
     * lines, joined here. A last line cut off by the interruption is left out, and said so.
     */
    private static Loaded journal(Path file) {
        String text = new String(bytes(file), StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        Map<String, List<JmhResult>> forks = new LinkedHashMap<>();
        Optional<String> cut = Optional.empty();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            boolean last = i == lines.length - 1; // text after the final newline: its write was interrupted
            JmhResult r;
            try {
                r = entry(file, "line " + (i + 1), parse(file, lines[i].getBytes(StandardCharsets.UTF_8)));
            } catch (ResultsFormatException e) {
                if (!last) {
                    throw e;
                }
                cut = Optional.of("its last line was cut off by the interruption and is left out");
                continue;
            }
            if (last) {
                cut = Optional.of("its last line has no end of line; kept as it parses");
            }
            forks.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        if (forks.isEmpty()) {
            throw new ResultsFormatException(file, "the run was interrupted before any benchmark finished");
        }
        List<JmhResult> results = forks.values().stream().map(JmhJson::joinForks).toList();
        int fewest = results.stream().mapToInt(Samples::forks).min().orElse(0);
        int most = results.stream().mapToInt(Samples::forks).max().orElse(0);
        String note = "interrupted run: " + results.size() + " benchmark(s) with results"
                + (most > 1 ? " (" + (fewest == most ? most : fewest + "-" + most) + " forks each)" : "")
                + cut.map(c -> "; " + c).orElse("");
        return new Loaded(file, results, true, Optional.of(note));
    }

    private static JmhResult entry(Path file, String where, JsonNode node) {
        JsonNode metric = node == null ? null : node.path("primaryMetric");
        if (node == null || !node.path("benchmark").isTextual() || !node.path("benchmark").asText().contains(".")
                || !node.path("mode").isTextual() || !metric.isObject()
                || !metric.path("score").isNumber() && !metric.path("score").isTextual()
                || !metric.path("scoreUnit").isTextual()) {
            throw new ResultsFormatException(file, "not JMH output: " + where
                    + " lacks benchmark, mode or primaryMetric.score/scoreUnit");
        }
        JmhResult r;
        try {
            r = MAPPER.treeToValue(node, JmhResult.class);
            ScoreUnit.of(r.unit()); // fails early on a unit whose direction of better is unknown
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ResultsFormatException(file, "not JMH output: " + where + ": " + e.getMessage(), e);
        }
        if (!(r.score() >= 0) || Double.isInfinite(r.score())) {
            throw new ResultsFormatException(file, where + " (" + r.key() + ") has the score " + r.score()
                    + ": a measurement must be a finite number >= 0");
        }
        for (double[] fork : r.primaryMetric().rawData()) {
            for (double x : fork) {
                if (!(x >= 0) || Double.isInfinite(x)) {
                    throw new ResultsFormatException(file, where + " (" + r.key() + ") has the iteration score " + x
                            + " in rawData: a measurement must be a finite number >= 0");
                }
            }
        }
        return r;
    }

    /** One result from the forks of a benchmark, each measured on its own: iterations pooled as JMH pools them. */
    static JmhResult joinForks(List<JmhResult> forks) {
        JmhResult first = forks.getFirst();
        if (forks.size() == 1) {
            return first;
        }
        java.util.SortedMap<String, JmhResult.Metric> secondary = new java.util.TreeMap<>();
        for (String name : first.secondaryMetrics().keySet()) {
            if (forks.stream().allMatch(f -> f.secondaryMetrics().containsKey(name))) {
                secondary.put(name, pool(forks.stream().map(f -> f.secondaryMetrics().get(name)).toList()));
            }
        }
        return new JmhResult(first.benchmark(), first.mode(), first.threads(),
                forks.stream().mapToInt(f -> f.primaryMetric().rawData().length).sum(), first.jdkVersion(),
                first.vmVersion(), first.jvmArgs(), first.warmupIterations(), first.warmupTime(),
                first.measurementIterations(), first.measurementTime(), first.params(),
                pool(forks.stream().map(JmhResult::primaryMetric).toList()), secondary);
    }

    /** The metric over every iteration of {@code metrics}: mean and JMH's 99.9% Student-t error. */
    private static JmhResult.Metric pool(List<JmhResult.Metric> metrics) {
        List<double[]> rows = new ArrayList<>();
        DescriptiveStatistics all = new DescriptiveStatistics();
        for (JmhResult.Metric m : metrics) {
            for (double[] fork : m.rawData()) {
                rows.add(fork);
                for (double x : fork) {
                    all.addValue(x);
                }
            }
        }
        long n = all.getN();
        double mean = all.getMean();
        double error = n <= 1 ? Double.NaN
                : new TDistribution(n - 1).inverseCumulativeProbability(1 - 0.001 / 2) * all.getStandardDeviation()
                        / Math.sqrt(n);
        return new JmhResult.Metric(mean, error, new double[] {mean - error, mean + error},
                metrics.getFirst().scoreUnit(), rows.toArray(double[][]::new));
    }
}

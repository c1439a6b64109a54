package dev.bitste.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JMH results in the JSON of github-action-benchmark's custom tools: {@value #BIGGER} for scores where higher is
 * better (throughput, {@code customBiggerIsBetter}) and {@value #SMALLER} for those where lower is better (time per
 * operation, {@code customSmallerIsBetter}). Its own JMH tool treats every score as smaller-is-better (its issue
 * #365); split by the direction of each unit, its charts and alerts point the right way.
 */
public final class GithubBenchmarkExport {
    public static final String BIGGER = "bigger-is-better.json";
    public static final String SMALLER = "smaller-is-better.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GithubBenchmarkExport() {
    }

    /** File name to JSON bytes; a direction without results has no file. */
    public static Map<String, byte[]> of(List<JmhResult> results) {
        ArrayNode bigger = MAPPER.createArrayNode();
        ArrayNode smaller = MAPPER.createArrayNode();
        for (JmhResult r : results) {
            ObjectNode o = (ScoreUnit.of(r.unit()).higherIsBetter() ? bigger : smaller).addObject();
            o.put("name", r.shortName() + (r.threads() > 1 ? " threads=" + r.threads() : "") + " [" + r.mode() + "]");
            o.put("unit", r.unit());
            o.put("value", r.score());
            if (!Double.isNaN(r.primaryMetric().scoreError())) {
                o.put("range", String.format(Locale.ROOT, "± %s", Report.number(r.primaryMetric().scoreError())));
            }
            o.put("extra", r.benchmark() + "\n" + r.settings());
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            if (!bigger.isEmpty()) {
                files.put(BIGGER, (MAPPER.writeValueAsString(bigger) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (!smaller.isEmpty()) {
                files.put(SMALLER, (MAPPER.writeValueAsString(smaller) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the export", e);
        }
        return files;
    }
}

package dev.bitste.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a bench run was asked for ({@code run.json}, written when it starts): the profile, the selection, the expert's
 * JMH options, how many benchmarks it planned (in how many rounds), when it started and the machine's load then.
 * A run without it (older runs) has an unknown profile. A baseline's copy names the run it was promoted from
 * ({@code promotedFrom}; null in a run).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunInfo(String profile, String include, String exclude, List<String> jmhArgs, int benchmarks,
        int rounds, String started, double loadAverage, String promotedFrom) {
    /** The file a run directory keeps this in. */
    public static final String FILE_NAME = "run.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RunInfo {
        jmhArgs = jmhArgs == null ? List.of() : List.copyOf(jmhArgs);
    }

    /** This description as a baseline's copy, promoted from the run {@code run}. */
    public RunInfo promotedFrom(String run) {
        return new RunInfo(profile, include, exclude, jmhArgs, benchmarks, rounds, started, loadAverage, run);
    }

    /** Indented JSON. */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the run description", e);
        }
    }

    /** Reads a {@code run.json}. */
    public static RunInfo read(Path file) {
        try {
            return MAPPER.readValue(Files.readAllBytes(file), RunInfo.class);
        } catch (IOException e) {
            throw new ResultsFormatException(file, "not a run description: " + e.getMessage(), e);
        }
    }

    /**
     * The run description that belongs to a JMH JSON file, if one is kept beside it: a run's {@code run.json}, or
     * for a baseline {@code <name>.json}, {@code <name>.run.json}.
     */
    public static Optional<RunInfo> besides(Path results) {
        return Sidecars.find(results, FILE_NAME).map(RunInfo::read);
    }
}

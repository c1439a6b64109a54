package dev.bitste.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the benchmarks of a run declare about themselves ({@value #FILE_NAME} beside {@code jmh.json}, written by
 * the bench runner from the annotations on the benchmark methods, since JMH's JSON carries only names): each
 * method's role, whether it computes in float32 (the {@code float32} baselines and float32 peers such as OpenBLAS),
 * the work of one operation in the method's own units, and the work of the problem its class solves (the unit
 * every implementation's throughput is charted in).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BenchmarkCatalog(Map<String, Entry> benchmarks) {
    public static final String FILE_NAME = "benchmarks.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * One benchmark method: its role, whether it is float32 arithmetic, the work of one of its operations, and
     * the work of its class's problem (the same for every method of the class).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(BenchmarkRole role, boolean float32, List<WorkPerOp> work, List<WorkPerOp> problem) {
        public Entry {
            work = work == null ? List.of() : List.copyOf(work);
            problem = problem == null ? List.of() : List.copyOf(problem);
        }
    }

    public BenchmarkCatalog {
        benchmarks = benchmarks == null ? Map.of() : new TreeMap<>(benchmarks);
    }

    /** A catalog that declares nothing: roles come from the names alone, and there are no work units. */
    public static BenchmarkCatalog empty() {
        return new BenchmarkCatalog(Map.of());
    }

    public Optional<Entry> entry(String benchmark) {
        return Optional.ofNullable(benchmarks.get(benchmark));
    }

    /** The work one operation of {@code r} does, in its own units (empty when undeclared). */
    List<WorkPerOp> work(JmhResult r) {
        return entry(r.benchmark()).map(Entry::work).orElse(List.of());
    }

    /** The work of the problem {@code r}'s class solves (empty when undeclared). */
    List<WorkPerOp> problem(JmhResult r) {
        return entry(r.benchmark()).map(Entry::problem).orElse(List.of());
    }

    /** True for a float32 computation: the {@code float32} role, or a peer declared as float32 (e.g. OpenBLAS). */
    boolean isFloat32(JmhResult r) {
        return BenchmarkRole.of(r.method()) == BenchmarkRole.FLOAT32
                || entry(r.benchmark()).map(Entry::float32).orElse(false);
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the benchmark catalog", e);
        }
    }

    /** Reads a {@value #FILE_NAME}. */
    public static BenchmarkCatalog read(Path file) {
        try {
            return MAPPER.readValue(Files.readAllBytes(file), BenchmarkCatalog.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ResultsFormatException(file, "not a benchmark catalog: " + e.getMessage(), e);
        }
    }

    /** The catalog kept beside a run's {@code jmh.json} (or in the run directory), if there is one. */
    public static Optional<BenchmarkCatalog> besides(Path results) {
        Path file = JmhJson.resolve(results).toAbsolutePath().getParent().resolve(FILE_NAME);
        return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
    }
}

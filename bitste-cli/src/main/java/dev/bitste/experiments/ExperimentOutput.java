package dev.bitste.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bitste.util.RunDirectory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Where an experiment writes: {@code <root>/experiments/<name>/<UTC timestamp>/}, never overwriting,
 * partial until {@link #complete()}. Every file is written atomically.
 */
public final class ExperimentOutput {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RunDirectory run;

    private ExperimentOutput(RunDirectory run) {
        this.run = run;
    }

    /** Starts the output of experiment {@code name} under {@code resultsRoot} (normally {@code results/}). */
    public static ExperimentOutput start(Path resultsRoot, String name) {
        return new ExperimentOutput(RunDirectory.start(resultsRoot.resolve("experiments").resolve(name)));
    }

    /** Continues the output of an interrupted run in its {@code .partial} directory ({@code argument} names it). */
    public static ExperimentOutput resume(String argument, Path partial) {
        return new ExperimentOutput(RunDirectory.resume(argument, partial));
    }

    /** The directory being written (ends in {@code .partial} until completed). */
    public Path directory() {
        return run.path();
    }

    /** Any Jackson-serializable value (records, maps, lists) as indented JSON. */
    public Path json(String fileName, Object value) {
        return run.write(fileName, jsonBytes(value));
    }

    /** The bytes {@link #json} writes for {@code value}. */
    static byte[] jsonBytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** A CSV table with a header row. */
    public Path csv(String fileName, List<String> header, List<? extends List<?>> rows) {
        StringWriter text = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(text, CSVFormat.DEFAULT.builder()
                .setHeader(header.toArray(String[]::new)).get())) {
            for (List<?> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run.write(fileName, text.toString());
    }

    /** A chart as PNG. */
    public Path png(String fileName, Chart<?, ?> chart) {
        try {
            return run.write(fileName, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + fileName, e);
        }
    }

    /** Plain text (e.g. a Markdown summary). */
    public Path text(String fileName, String text) {
        return run.write(fileName, text);
    }

    /** Renames the directory to its final name; returns it. */
    public Path complete() {
        return run.complete();
    }
}

package dev.bitste.benchrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitste.results.JmhJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;

/**
 * The results of a bench run as each benchmark (each fork, in rounds) finishes: JMH writes its JSON only at the end
 * of a run, so an interrupted run would lose everything measured so far. Each finished result is appended to
 * {@value JmhJson#JOURNAL} as one line of JMH's own JSON and flushed to the disk; {@code bitste report} and
 * {@code compare} read a run that has only this file as a partial run. A completed run writes {@code jmh.json} and
 * removes the journal.
 */
final class ResultJournal implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Path file;
    private final FileChannel out;

    private ResultJournal(Path file, FileChannel out) {
        this.file = file;
        this.out = out;
    }

    /** Creates the journal in {@code runDirectory} (it must not exist). */
    static ResultJournal create(Path runDirectory) {
        Path file = runDirectory.resolve(JmhJson.JOURNAL);
        try {
            return new ResultJournal(file, FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends one finished benchmark (or fork) and forces it to the disk. */
    synchronized void append(BenchmarkResult result) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        ResultFormatFactory.getInstance(ResultFormatType.JSON, new PrintStream(json, true, StandardCharsets.UTF_8))
                .writeOut(List.of(new RunResult(result.getParams(), List.of(result))));
        try {
            JsonNode entry = MAPPER.readTree(json.toByteArray()).get(0);
            ByteBuffer line = ByteBuffer.wrap((MAPPER.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                out.write(line);
            }
            out.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes the journal once {@code jmh.json} holds everything. */
    void delete() {
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}

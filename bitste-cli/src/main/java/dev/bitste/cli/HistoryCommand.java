package dev.bitste.cli;

import dev.bitste.results.History;
import dev.bitste.results.MachineProbe;
import dev.bitste.util.OutputDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Draws a machine's runs over time. */
@Command(name = "history", mixinStandardHelpOptions = true, description = {
    "Read every complete run of a machine and profile under <results-dir>/runs/<machine-id>/ and draw, per"
        + " benchmark, its score over the runs (commit and date on the axis) with the runs where the gate found a"
        + " change against the run before marked; history.md holds the summary of the last change per benchmark."})
final class HistoryCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Option(names = "--machine", paramLabel = "ID", description = "The machine id (default: this machine).")
    String machine;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "gate",
            description = "Runs of which profile (default: ${DEFAULT-VALUE}).")
    String profile;

    @Mixin
    ResultsDirOption results;

    @Mixin
    GateOptions gate;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where to write history.md and the charts (default: <results-dir>/history/<machine-id>/"
                    + "<profile>-<UTC>).")
    Path out;

    @Override
    public Integer call() {
        Path runs = results.dir.resolve("runs");
        String id = machine != null ? machine : MachineProbe.detect().id();
        if (!Files.isDirectory(runs.resolve(id))) {
            throw new IllegalArgumentException("no runs of machine " + id + " under " + runs + (machine != null ? ""
                    : " (this machine)") + "; machines there: " + machines(runs));
        }
        Path dir = out != null ? out : results.dir.resolve("history").resolve(id)
                .resolve(profile + "-" + STAMP.format(Instant.now()));
        dev.bitste.util.AtomicFiles.checkCanCreateUnder(out != null ? "--out" : "--results-dir", dir);
        History h = History.of(runs.resolve(id), profile, gate.settings());
        Map<String, byte[]> files = new LinkedHashMap<>(h.charts());
        files.put(History.FILE_NAME, h.markdown().getBytes(StandardCharsets.UTF_8));
        OutputDirectory.write(out != null ? "--out" : "the history directory", dir, files);
        System.out.println(h.markdown().substring(0, h.markdown().indexOf("![")));
        System.out.println("History written to " + dir.resolve(History.FILE_NAME) + " (" + h.charts().size() + " charts)");
        return 0;
    }

    private static String machines(Path runs) {
        if (!Files.isDirectory(runs)) {
            return "none";
        }
        try (Stream<Path> s = Files.list(runs)) {
            return String.join(", ", s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

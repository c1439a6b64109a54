package dev.bitste.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a {@link Sweep} (all of it or one {@code --shard}), keeps every finished trial on disk as it goes, continues an
 * interrupted run ({@code --resume}), and merges shards into the result one run gives.
 *
 * <p>A sweep's directory ({@code <results>/experiments/<name>/<UTC>/}) holds:
 * <ul>
 * <li>{@code sweep.json}: the experiment, its parameters, the number of trials and, for a part, the shard;
 * <li>{@code outcomes.jsonl}: one line per trial of the directory, in trial order ({@code outcomes.partial.jsonl},
 *     in the order trials finished, while it runs or after an interruption);
 * <li>for the whole sweep (run at once or merged): the experiment's report (JSON, CSV, charts);
 * <li>{@code run.json}: how it was produced (command line, threads, wall time; for a merge, each shard's).
 * </ul>
 * Everything but {@code run.json} depends only on the parameters, so a merge of all shards writes the same bytes as
 * one unsharded run.
 */
public final class SweepRunner {
    public static final String SWEEP_FILE = "sweep.json";
    public static final String OUTCOMES_FILE = "outcomes.jsonl";
    public static final String JOURNAL_FILE = "outcomes.partial.jsonl";
    public static final String RUN_FILE = "run.json";
    private static final ObjectMapper LINES = new ObjectMapper();

    private SweepRunner() {
    }

    /**
     * How a sweep is run.
     *
     * @param command the command line after {@code bitste experiment} (recorded, so that a merge can rebuild the sweep)
     * @param threads trials run in parallel (changes no number)
     * @param resultsRoot root of the results tree
     * @param resume an interrupted run's {@code .partial} directory to continue, or null
     * @param out where the tables go
     */
    public record Invocation(List<String> command, int threads, Path resultsRoot, Path resume, PrintStream out) {
        public Invocation {
            command = List.copyOf(command);
        }
    }

    /**
     * A completed sweep directory as read back.
     *
     * @param shard the part it holds ({@link Shard#ALL} for a whole sweep)
     * @param run its {@code run.json}
     */
    public record Stored(Path dir, String experiment, JsonNode params, int trials, Shard shard, JsonNode run) {
        /** The command line (after {@code bitste experiment}) that produced it. */
        public List<String> command() {
            List<String> c = new ArrayList<>();
            run.path("command").forEach(a -> c.add(a.asText()));
            return c;
        }
    }

    /** Runs the trials of {@code shard} (all of them for {@link Shard#ALL}), then reports when they are the whole. */
    public static <O> Path run(Sweep<O> sweep, Shard shard, Invocation how) {
        int total = sweep.trials();
        Map<String, Object> header = header(sweep, shard);
        Map<Integer, O> done = new TreeMap<>();
        double[] trialSeconds = new double[1];
        ExperimentOutput out;
        if (how.resume() == null) {
            out = ExperimentOutput.start(how.resultsRoot(), sweep.name());
            out.json(SWEEP_FILE, header);
        } else {
            out = ExperimentOutput.resume("--resume", how.resume());
            Stored before = readHeader(how.resume(), "--resume");
            if (!treeOf(header).equals(readTree(before.dir().resolve(SWEEP_FILE)))) {
                throw new IllegalArgumentException("--resume " + how.resume() + " is a run of other parameters or another"
                        + " shard (its " + SWEEP_FILE + " differs from this command's)");
            }
            trialSeconds[0] = readJournal(out.directory().resolve(JOURNAL_FILE), sweep.outcomeType(), done);
        }
        int[] todo = Arrays.stream(shard.trials(total)).filter(i -> !done.containsKey(i)).toArray();
        double[] cost = Arrays.stream(todo).mapToDouble(sweep::cost).toArray();
        Path journal = out.directory().resolve(JOURNAL_FILE);
        Thread notice = new Thread(() -> System.err.printf("%ninterrupted: the finished trials are kept in %s;"
                + " continue with --resume %s%n", out.directory(), out.directory()));
        Runtime.getRuntime().addShutdownHook(notice);
        long start = System.nanoTime();
        try (FileOutputStream log = new FileOutputStream(journal.toFile(), true)) {
            String task = sweep.name() + (shard.whole() ? "" : " shard " + shard);
            TrialRunner.<O>run(task, todo, cost, how.threads(), sweep::trial, (index, outcome, seconds) -> {
                byte[] line = line(index, seconds, outcome);
                synchronized (done) {
                    append(log, line);
                    done.put(index, outcome);
                    trialSeconds[0] += seconds;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + journal + ": " + e.getMessage(), e);
        } finally {
            Runtime.getRuntime().removeShutdownHook(notice);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        writeOutcomes(out, done);
        deleteJournal(journal);
        if (shard.whole()) {
            sweep.report(List.copyOf(done.values()), out, how.out());
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("command", how.command());
        run.put("threads", how.threads());
        run.put("wall_seconds", wall);
        run.put("trial_seconds", trialSeconds[0]);
        run.put("trials_resumed", shard.trials(total).length - todo.length);
        out.json(RUN_FILE, run);
        Path dir = out.complete();
        if (!shard.whole()) {
            how.out().printf("shard %s of %s: %d of %d trials; once every shard is done, combine them with"
                    + " `bitste experiment merge DIR...`%n", shard, sweep.name(), done.size(), total);
        }
        return dir;
    }

    /**
     * Combines the directories of every shard of one sweep (or one whole sweep, to report it again) into a new run
     * directory with the report an unsharded run writes. {@code sweep} is rebuilt from the first directory's command.
     */
    public static <O> Path merge(Sweep<O> sweep, List<Path> dirs, Invocation how) {
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("merge needs at least one directory");
        }
        JsonNode params = treeOf(sweep.params());
        List<Stored> parts = new ArrayList<>();
        Stored[] byShard = null;
        for (Path d : dirs) {
            Stored s = read(d);
            if (!s.experiment().equals(sweep.name()) || !s.params().equals(params) || s.trials() != sweep.trials()) {
                throw new IllegalArgumentException("merge: " + d + " is not a shard of the same sweep as " + dirs.get(0)
                        + " (experiment, parameters or number of trials differ)");
            }
            if (byShard == null) {
                byShard = new Stored[s.shard().count()];
            }
            if (s.shard().count() != byShard.length) {
                throw new IllegalArgumentException("merge: " + d + " is shard " + s.shard() + " but " + dirs.get(0)
                        + " is of " + byShard.length + " shards");
            }
            if (byShard[s.shard().index()] != null) {
                throw new IllegalArgumentException("merge: " + d + " and " + byShard[s.shard().index()].dir()
                        + " are both shard " + s.shard());
            }
            byShard[s.shard().index()] = s;
            parts.add(s);
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < byShard.length; i++) {
            if (byShard[i] == null) {
                missing.add(i + "/" + byShard.length);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("merge: shard(s) " + String.join(", ", missing) + " missing");
        }
        Map<Integer, O> all = new TreeMap<>();
        for (Stored s : parts) {
            Map<Integer, O> mine = readOutcomes(s.dir(), sweep.outcomeType());
            List<Integer> expected = Arrays.stream(s.shard().trials(sweep.trials())).boxed().toList();
            if (!new ArrayList<>(mine.keySet()).equals(expected)) {
                throw new IllegalArgumentException("merge: " + s.dir().resolve(OUTCOMES_FILE) + " does not hold exactly"
                        + " the trials of shard " + s.shard() + " (" + mine.size() + " of " + expected.size() + ")");
            }
            all.putAll(mine);
        }
        ExperimentOutput out = ExperimentOutput.start(how.resultsRoot(), sweep.name());
        out.json(SWEEP_FILE, header(sweep, Shard.ALL));
        writeOutcomes(out, all);
        sweep.report(List.copyOf(all.values()), out, how.out());
        List<Map<String, Object>> merged = new ArrayList<>();
        for (Stored s : parts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dir", s.dir().toString());
            m.put("shard", s.shard().toString());
            m.put("run", s.run());
            merged.add(m);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("command", how.command());
        run.put("merged", merged);
        out.json(RUN_FILE, run);
        return out.complete();
    }

    /** Reads a completed sweep directory's {@code sweep.json} and {@code run.json}. */
    public static Stored read(Path dir) {
        Stored s = readHeader(dir, "merge");
        if (!Files.isRegularFile(dir.resolve(OUTCOMES_FILE)) || !Files.isRegularFile(dir.resolve(RUN_FILE))) {
            throw new IllegalArgumentException("merge: " + dir + " is not a completed sweep (no " + OUTCOMES_FILE + " or "
                    + RUN_FILE + "; an interrupted one continues with --resume)");
        }
        return new Stored(s.dir(), s.experiment(), s.params(), s.trials(), s.shard(), readTree(dir.resolve(RUN_FILE)));
    }

    private static Stored readHeader(Path dir, String argument) {
        Path file = dir.resolve(SWEEP_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(argument + ": " + dir + " is not a sweep directory (no " + SWEEP_FILE + ")");
        }
        JsonNode h = readTree(file);
        if (!h.path("experiment").isTextual() || !h.path("trials").canConvertToInt() || !h.has("params")) {
            throw new IllegalArgumentException(argument + ": " + file + " is malformed");
        }
        Shard shard = h.has("shard") ? Shard.parse(h.get("shard").asText()) : Shard.ALL;
        return new Stored(dir, h.get("experiment").asText(), h.get("params"), h.get("trials").asInt(), shard, null);
    }

    private static Map<String, Object> header(Sweep<?> sweep, Shard shard) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("experiment", sweep.name());
        h.put("params", sweep.params());
        h.put("trials", sweep.trials());
        if (!shard.whole()) {
            h.put("shard", shard.toString());
        }
        return h;
    }

    private static byte[] line(int index, double seconds, Object outcome) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial", index);
        if (seconds >= 0) {
            m.put("seconds", seconds);
        }
        m.put("outcome", outcome);
        try {
            return (LINES.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize the outcome of trial " + index, e);
        }
    }

    /** One whole line per write (not an interruptible channel: a cancelled trial must not close the journal). */
    private static void append(FileOutputStream log, byte[] line) {
        try {
            log.write(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the outcome journal: " + e.getMessage(), e);
        }
    }

    private static void writeOutcomes(ExperimentOutput out, Map<Integer, ?> outcomes) {
        StringBuilder text = new StringBuilder();
        outcomes.forEach((i, o) -> text.append(new String(line(i, -1, o), StandardCharsets.UTF_8)));
        out.text(OUTCOMES_FILE, text.toString());
    }

    private static void deleteJournal(Path journal) {
        try {
            Files.deleteIfExists(journal);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + journal + ": " + e.getMessage(), e);
        }
    }

    /** Reads a journal into {@code into}; drops a torn last line (cut off by the interruption). Returns the seconds. */
    private static <O> double readJournal(Path journal, Class<O> type, Map<Integer, O> into) {
        if (!Files.exists(journal)) {
            return 0;
        }
        try {
            byte[] bytes = Files.readAllBytes(journal);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            if (end < bytes.length) {
                try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
                    ch.truncate(end);
                }
            }
            double seconds = 0;
            for (String l : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank()) {
                    JsonNode node = LINES.readTree(l);
                    into.put(node.get("trial").asInt(), LINES.treeToValue(node.get("outcome"), type));
                    seconds += node.path("seconds").asDouble();
                }
            }
            return seconds;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--resume: cannot read " + journal + ": " + e.getMessage(), e);
        }
    }

    private static <O> Map<Integer, O> readOutcomes(Path dir, Class<O> type) {
        Path file = dir.resolve(OUTCOMES_FILE);
        Map<Integer, O> out = new TreeMap<>();
        try {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JsonNode node = LINES.readTree(l);
                if (out.put(node.get("trial").asInt(), LINES.treeToValue(node.get("outcome"), type)) != null) {
                    throw new IllegalArgumentException("trial " + node.get("trial").asInt() + " appears twice");
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("merge: cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static JsonNode treeOf(Object value) {
        try {
            return LINES.readTree(ExperimentOutput.jsonBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readTree(Path file) {
        try {
            return LINES.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}

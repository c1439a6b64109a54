package dev.bitste.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** One name per option across commands; the earlier spellings still parse, hidden from the help. */
class OptionNamesTest {
    static final Set<String> OLD_SPELLINGS = Set.of("--results", "--batch", "--weights", "--train-images");

    static Object parse(String... args) {
        List<CommandLine> parsed = new CommandLine(new Main()).parseArgs(args).asCommandLineList();
        return parsed.getLast().getCommand();
    }

    static List<CommandSpec> allCommands(CommandSpec spec) {
        List<CommandSpec> all = new ArrayList<>(List.of(spec));
        spec.subcommands().values().forEach(sub -> all.addAll(allCommands(sub.getCommandSpec())));
        return all;
    }

    @Test
    void everyCommandHasHelpAndShowsOnlyTheCurrentNames() {
        for (CommandSpec c : allCommands(new CommandLine(new Main()).getCommandSpec())) {
            if (c.name().equals("help")) {
                continue;
            }
            assertThat(c.mixinStandardHelpOptions()).as(c.qualifiedName()).isTrue();
            for (OptionSpec o : c.options()) {
                if (!o.hidden()) {
                    assertThat(o.names()).as(c.qualifiedName()).doesNotContainAnyElementsOf(OLD_SPELLINGS);
                }
            }
        }
    }

    @Test
    void earlierSpellingsSetTheSameValues() {
        TrainCommand now = (TrainCommand) parse("train", "--weight-bits", "2", "--batch-size", "30");
        TrainCommand before = (TrainCommand) parse("train", "--weights", "2bit", "--batch", "30");
        assertThat(before.weights.bits).isEqualTo(now.weights.bits).isEqualTo(2);
        assertThat(before.batch.size).isEqualTo(now.batch.size).isEqualTo(30);
        assertThat(((TrainCommand) parse("train")).weights.bits).isEqualTo(1);

        FogzoCommand fogzo = (FogzoCommand) parse("experiment", "fogzo", "--results", "r", "--train-images", "500",
                "--batch", "20", "--weights", "binary");
        assertThat(fogzo.results.dir).isEqualTo(Path.of("r"));
        assertThat(fogzo.limit).isEqualTo(500);
        assertThat(fogzo.batch.size).isEqualTo(20);
        assertThat(fogzo.weights.bits).isEqualTo(1);
        assertThat(((FogzoCommand) parse("experiment", "fogzo")).weights.bits).isEqualTo(2);

        assertThat(((SubspaceCommand) parse("experiment", "subspace", "--results", "s")).results.dir)
                .isEqualTo(Path.of("s"));
        assertThat(((RecurrenceCommand) parse("experiment", "recurrence", "--results-dir", "t")).training.results.dir)
                .isEqualTo(Path.of("t"));
        assertThat(((BenchCommand) parse("bench")).results.dir).isEqualTo(Path.of("results"));
    }
}

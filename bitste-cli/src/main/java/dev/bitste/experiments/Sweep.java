package dev.bitste.experiments;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * An experiment as a list of independent trials and a report over their outcomes. Trial {@code i} must be a
 * deterministic function of the parameters and {@code i} (its seed derived from both), so that any subset of trials
 * can run anywhere ({@code --shard}), be resumed after an interruption, and be merged into exactly the result of one
 * run ({@link SweepRunner}).
 *
 * @param <O> a trial's outcome: a record Jackson can write and read back exactly (no NaN; doubles and floats
 *     round-trip through their shortest decimal form)
 */
public interface Sweep<O> {

    /** The experiment's name: the command and the directory under {@code experiments/}. */
    String name();

    /**
     * Everything that decides the numbers, as JSON-ready values (no thread count, no paths): written to
     * {@code sweep.json}, and equal in every shard that may be merged.
     */
    Map<String, Object> params();

    /** How many trials the whole experiment has. */
    int trials();

    /** Runs trial {@code index} ({@code 0 <= index < trials()}); called from several threads at once. */
    O trial(int index);

    /** The outcome's class, to read outcomes back. */
    Class<O> outcomeType();

    /** A rough relative cost of trial {@code index}, for the progress bar's ETA (default: all equal). */
    default double cost(int index) {
        return 1;
    }

    /**
     * Summarizes the outcomes of every trial (index order), prints the tables to {@code print} and writes the result
     * files into {@code out}. Must depend on nothing but the parameters and the outcomes.
     */
    void report(List<O> outcomes, ExperimentOutput out, PrintStream print);
}

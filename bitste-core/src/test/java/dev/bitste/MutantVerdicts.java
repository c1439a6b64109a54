package dev.bitste;

import dev.bitste.util.FileFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the fuzz tests hold every mutant to: read by the library, it is either refused with a
 * {@link FileFormatException} naming the file (and then the reference reader finds it invalid too), or read to
 * what the reference reads; never another exception, and never more heap than a bound.
 */
public final class MutantVerdicts {
    private final List<String> problems = new ArrayList<>();
    private int rejected;
    private int read;

    /**
     * Reads one mutant with {@code reader} and records what is wrong with the outcome.
     *
     * @param what the mutant, for the messages
     * @param file where it is (its name must appear in a refusal)
     * @param invalid why the reference reader refuses it, or null when it reads it
     * @param difference where a value read differs from the reference's, or null
     * @param maxAllocated heap bytes the read may allocate
     */
    public <T> void check(String what, Path file, Supplier<T> reader, String invalid, Function<T, String> difference,
            long maxAllocated) {
        Object[] outcome = new Object[1];
        long allocated = AllocationMeter.during(() -> {
            try {
                outcome[0] = reader.get();
            } catch (RuntimeException | Error e) {
                outcome[0] = e;
            }
        });
        if (outcome[0] instanceof FileFormatException e) {
            rejected++;
            if (e.getMessage() == null || !e.getMessage().contains(file.toString())) {
                problems.add(what + ": message does not name the file: " + e.getMessage());
            }
            if (invalid == null) {
                problems.add(what + ": a valid file was refused: " + e.getMessage());
            }
        } else if (outcome[0] instanceof Throwable t) {
            problems.add(what + ": " + t + " (not a FileFormatException)");
        } else {
            read++;
            @SuppressWarnings("unchecked")
            T value = (T) outcome[0];
            String diff = invalid == null ? difference.apply(value) : null;
            if (invalid != null) {
                problems.add(what + ": read, but the reference finds it invalid (" + invalid + ")");
            } else if (diff != null) {
                problems.add(what + ": read differently from the reference: " + diff);
            }
        }
        if (AllocationMeter.available() && allocated > maxAllocated) {
            problems.add(what + ": allocated " + allocated + " bytes, more than " + maxAllocated);
        }
    }

    /** Everything found wrong so far (empty when every mutant behaved). */
    public List<String> problems() {
        return problems;
    }

    /** Mutants refused. */
    public int rejected() {
        return rejected;
    }

    /** Mutants read. */
    public int read() {
        return read;
    }
}

package dev.bitste.experiments;

import java.util.stream.IntStream;

/**
 * One of {@code count} disjoint parts of an experiment's trials: trial {@code t} belongs to shard {@code t mod count}.
 * Interleaving (rather than cutting the list in blocks) spreads the expensive trials, which sit together in a
 * grid, over every shard.
 *
 * @param index which part, {@code 0 .. count-1}
 * @param count into how many parts the trials are split
 */
public record Shard(int index, int count) {
    /** Every trial: what a run without {@code --shard} does. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("--shard must be i/N with N >= 1 and 0 <= i < N, got " + index + "/"
                    + count);
        }
    }

    /** Parses {@code i/N} ({@code 0 <= i < N}). */
    public static Shard parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--shard must be i/N with 0 <= i < N (e.g. 0/4), got '" + text + "'");
    }

    /** Whether this shard is all of the trials. */
    public boolean whole() {
        return count == 1;
    }

    /** Whether trial {@code t} belongs to this shard. */
    public boolean contains(int t) {
        return t % count == index;
    }

    /** This shard's trials among {@code total}, in increasing order. */
    public int[] trials(int total) {
        return IntStream.range(0, total).filter(this::contains).toArray();
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}

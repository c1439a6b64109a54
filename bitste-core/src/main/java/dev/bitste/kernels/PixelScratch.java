package dev.bitste.kernels;

/**
 * Per-thread work arrays of the table-lookup kernels (top level: the width-specialized kernel classes may not have
 * nested ones): one tile's tables, pixel sums, 32- and 16-bit accumulators, widened pixels.
 */
final class PixelScratch {
    final short[] tables;
    final int[] sums;
    private int[] acc;
    final short[] part;
    final int[] pixels;

    PixelScratch(int tableShorts, int pixelInts, int accumulators, int images) {
        tables = new short[Math.max(tableShorts, 1)];
        sums = new int[images];
        acc = new int[accumulators];
        part = new short[accumulators];
        pixels = new int[pixelInts];
    }

    /** The 32-bit accumulators, grown to at least {@code length}. */
    int[] acc(int length) {
        if (acc.length < length) {
            acc = new int[length];
        }
        return acc;
    }
}

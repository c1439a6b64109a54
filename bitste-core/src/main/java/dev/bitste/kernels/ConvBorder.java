package dev.bitste.kernels;

import dev.bitste.bits.ConvFilters;
import java.util.Arrays;

/**
 * Where a convolution's windows leave the input, for the vector kernels, which compute every window on an input
 * padded with +1 and then correct the windows at the border when the padding is meant to be zero
 * ({@link PadValue#ZERO}): the +1 padding added, at each tap outside the input, the filter's weight sum at that tap,
 * which the correction subtracts.
 *
 * <p>Positions are grouped in cases by which kernel rows and which kernel columns fall outside (a few near each edge,
 * one for the whole interior), and the correction is computed once per case and filter: a border position then costs
 * what an interior one does, reading another row of the table. Without zero padding there is one case and no
 * correction.
 */
final class ConvBorder {
    private final int[] rowCase;
    private final int[] colCase;
    private final int cols;
    private final int filters;
    private final int[] corrections;
    /** Per case: whether any correction is nonzero (interior positions have none). */
    private final boolean[] corrects;

    private ConvBorder(int[] rowCase, int[] colCase, int cols, int filters, int[] corrections) {
        this.rowCase = rowCase;
        this.colCase = colCase;
        this.cols = cols;
        this.filters = filters;
        this.corrections = corrections;
        corrects = new boolean[corrections.length / filters];
        for (int i = 0; i < corrections.length; i++) {
            corrects[i / filters] |= corrections[i] != 0;
        }
    }

    /** The cases of the convolution of shape s by w, padded with {@code pad}. */
    static ConvBorder of(ConvFilters w, ConvShape s, PadValue pad) {
        int k = w.count();
        if (pad != PadValue.ZERO || s.padding() == ConvShape.Padding.VALID) {
            return new ConvBorder(new int[s.outHeight()], new int[s.outWidth()], 1, k, new int[k]);
        }
        int[] rowMasks = outsideMasks(s.outHeight(), s.height(), s.padTop(), s);
        int[] colMasks = outsideMasks(s.outWidth(), s.width(), s.padLeft(), s);
        int[] rows = distinct(rowMasks);
        int[] columns = distinct(colMasks);
        int[] corrections = new int[rows.length * columns.length * k];
        int[] tapSums = w.tapSums();
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < columns.length; c++) {
                int base = (r * columns.length + c) * k;
                for (int ky = 0; ky < s.kernel(); ky++) {
                    for (int kx = 0; kx < s.kernel(); kx++) {
                        if ((rows[r] >>> ky & 1) != 0 || (columns[c] >>> kx & 1) != 0) {
                            int tap = (ky * s.kernel() + kx) * k;
                            for (int j = 0; j < k; j++) {
                                corrections[base + j] += tapSums[tap + j];
                            }
                        }
                    }
                }
            }
        }
        return new ConvBorder(indices(rowMasks, rows), indices(colMasks, columns), columns.length, k, corrections);
    }

    /** Per output position along one side: bit i set iff kernel row (or column) i falls outside the input. */
    private static int[] outsideMasks(int out, int in, int before, ConvShape s) {
        int[] masks = new int[out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < s.kernel(); i++) {
                int at = o * s.stride() + i - before;
                masks[o] |= (at < 0 || at >= in ? 1 : 0) << i;
            }
        }
        return masks;
    }

    private static int[] distinct(int[] masks) {
        int[] distinct = new int[masks.length];
        int count = 0;
        for (int m : masks) {
            boolean seen = false;
            for (int d = 0; d < count && !seen; d++) {
                seen = distinct[d] == m;
            }
            if (!seen) {
                distinct[count++] = m;
            }
        }
        return Arrays.copyOf(distinct, count);
    }

    private static int[] indices(int[] masks, int[] distinct) {
        int[] out = new int[masks.length];
        for (int i = 0; i < masks.length; i++) {
            for (int d = 0; d < distinct.length; d++) {
                out[i] = masks[i] == distinct[d] ? d : out[i];
            }
        }
        return out;
    }

    /** The case of output position (oy, ox). */
    int caseOf(int oy, int ox) {
        return rowCase[oy] * cols + colCase[ox];
    }

    /**
     * Popcount limits {@code [case * filters + k]}: a window of n bits passes {@code dot >= t[k]} iff its popcount
     * against the +1-padded input is at most this ({@link GemmLayout#popLimit} with the case's correction).
     */
    int[] limits(int n, int[] t) {
        int[] limits = new int[corrections.length];
        for (int i = 0; i < limits.length; i++) {
            limits[i] = GemmLayout.popLimit((long) n - corrections[i], t[i % filters]);
        }
        return limits;
    }

    /** Subtracts case {@code c}'s corrections from the dot products {@code out[o .. o + filters)}. */
    void correct(int c, int[] out, int o) {
        if (corrects[c]) {
            for (int j = 0; j < filters; j++) {
                out[o + j] -= corrections[c * filters + j];
            }
        }
    }
}

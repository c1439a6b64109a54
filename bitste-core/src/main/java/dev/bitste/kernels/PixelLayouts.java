package dev.bitste.kernels;

import dev.bitste.bits.BitMatrix;

/**
 * The weight layout of the table-lookup first layer, built once per weight matrix and kept on it
 * ({@link BitMatrix#derived}). Plain Java, outside the width-specialized classes (which may hold no lambdas).
 */
final class PixelLayouts {
    private PixelLayouts() {
    }

    /**
     * Table indices for {@code VectorPixelKernels}, {@code 16 / g} groups of g pixels per 16-bit lane: bits
     * {@code [(grp % per) * g, ...)} of {@code idx[(v * rows + grp / per) * lanes + l]} are the index of unit
     * {@code v * lanes + l} into the table of group grp: its g weight bits (bit b = weight +1 at pixel
     * {@code grp * g + b}; never set past the last pixel). Room for {@code extraVectors} vectors of zero indices
     * past the last unit.
     */
    static short[] tableIndices(BitMatrix w, int g, int lanes, int groups, int extraVectors) {
        int per = 16 / g;
        int rows = (groups + per - 1) / per;
        return w.derived("lut/" + g + "/" + lanes, m -> {
            int n = m.cols();
            short[] idx = new short[((m.rows() + lanes - 1) / lanes + extraVectors) * rows * lanes];
            for (int j = 0; j < m.rows(); j++) {
                for (int grp = 0; grp < groups; grp++) {
                    int e = 0;
                    for (int b = 0; b < g && grp * g + b < n; b++) {
                        e |= m.bit(j, grp * g + b) ? 1 << b : 0;
                    }
                    idx[((j / lanes) * rows + grp / per) * lanes + j % lanes] |= (short) (e << (grp % per) * g);
                }
            }
            return idx;
        });
    }
}

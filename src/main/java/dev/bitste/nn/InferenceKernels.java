package dev.bitste.nn;

import dev.bitste.util.Checks;
import dev.bitste.kernels.BitKernels;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.QuantKernels;

/**
 * The kernel families a packed MLP runs on, of one implementation: the bit-serial GEMM for 8-bit pixels
 * through binary weights (first layer) and the XNOR-popcount GEMM for the ±1 hidden layers.
 */
public record InferenceKernels(QuantKernels quant, BitKernels bits) {
    public InferenceKernels {
        Checks.notNull("quant", quant);
        Checks.notNull("bits", bits);
    }

    /** The configured kernels ({@code -Dbitste.kernels}, {@code -Dbitste.vectorBits}). */
    public static InferenceKernels get() {
        return new InferenceKernels(QuantKernels.get(), BitKernels.get());
    }

    public static InferenceKernels of(KernelChoice choice) {
        return new InferenceKernels(QuantKernels.of(choice), BitKernels.of(choice));
    }

    /** e.g. {@code vector-512}. */
    public String name() {
        return bits.support().name();
    }
}

package dev.bitste.kernels;

/**
 * What the checked entry points of the kernel families ({@link BitKernels}, {@link SteKernels},
 * {@link QuantKernels}, {@link ConvKernels}, {@link FloatConvKernels}, {@link TrainKernels}) share: the unchecked
 * implementation they delegate to once the arguments are checked, and which implementation it is.
 * {@link KernelProvider} makes one of each per implementation.
 *
 * @param <S> the family's interface, e.g. {@link BitKernelSupport}
 */
abstract sealed class CheckedKernels<S> permits BitKernels, SteKernels, QuantKernels, ConvKernels,
        FloatConvKernels, TrainKernels, PixelKernels {
    private final KernelChoice choice;
    final S impl;

    CheckedKernels(KernelChoice choice, S impl) {
        this.choice = choice;
        this.impl = impl;
    }

    /** Which implementation this is. */
    public KernelChoice choice() {
        return choice;
    }

    /** The unchecked implementation, for benchmarks and callers that have validated their inputs. */
    public S support() {
        return impl;
    }
}

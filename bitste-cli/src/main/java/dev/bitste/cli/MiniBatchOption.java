package dev.bitste.cli;

import picocli.CommandLine.Option;

/** {@code --batch-size} of the Fashion-MNIST training commands ({@code @Mixin}). */
final class MiniBatchOption {
    @Option(names = "--batch-size", converter = OptionValues.PositiveInt.class, paramLabel = "N", description = "Mini-batch size. Default: ${DEFAULT-VALUE}.")
    int size = 100;

    /** The earlier spelling of {@code --batch-size}. */
    @Option(names = "--batch", converter = OptionValues.PositiveInt.class, hidden = true, paramLabel = "N")
    void batch(int n) {
        size = n;
    }
}

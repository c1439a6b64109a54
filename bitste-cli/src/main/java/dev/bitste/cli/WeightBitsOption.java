package dev.bitste.cli;

import dev.bitste.nn.WeightQuantizer;
import picocli.CommandLine.Option;

/** {@code --weight-bits 1|2} of the Fashion-MNIST training commands ({@code @Mixin}). */
final class WeightBitsOption {
    @Option(names = "--weight-bits", paramLabel = "1|2",
            description = "Bits per weight: 1 (±1) or 2 (levels ±1/2, ±3/2). Default: ${DEFAULT-VALUE}.")
    int bits;

    WeightBitsOption() {
        this(1);
    }

    WeightBitsOption(int defaultBits) {
        bits = defaultBits;
    }

    /** The earlier spelling of {@code --weight-bits}: {@code binary} or {@code 2bit}. */
    @Option(names = "--weights", hidden = true, paramLabel = "binary|2bit")
    void weights(String name) {
        bits = WeightQuantizer.parse(name).bits();
    }

    WeightQuantizer quantizer() {
        if (bits != 1 && bits != 2) {
            throw new IllegalArgumentException("--weight-bits must be 1 or 2, got " + bits);
        }
        return WeightQuantizer.ofBits(bits);
    }
}

package dev.bitste.nn;

import dev.bitste.util.Checks;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The shape of a multilayer perceptron: layer widths (input first, classes last), weight quantizer, hidden
 * activation, and whether every layer's output goes through batch normalization.
 */
public record MlpSpec(int[] sizes, WeightQuantizer weights, Activation activation, boolean batchNorm) {
    public MlpSpec {
        Checks.notNull("sizes", sizes);
        Checks.notNull("weights", weights);
        Checks.notNull("activation", activation);
        if (sizes.length < 2) {
            throw new IllegalArgumentException("arch needs at least an input and an output size, got "
                    + Arrays.toString(sizes));
        }
        long count = 0;
        for (int i = 0; i < sizes.length; i++) {
            Checks.positive("arch size " + i, sizes[i]);
            count += i == 0 ? 0 : (long) sizes[i - 1] * sizes[i];
        }
        if (count > MAX_WEIGHTS) {
            throw new IllegalArgumentException("arch " + Arrays.stream(sizes).mapToObj(Integer::toString)
                    .collect(Collectors.joining("-")) + " has " + count + " weights, more than one array holds ("
                    + MAX_WEIGHTS + ")");
        }
        sizes = sizes.clone();
    }

    /** Most weights a network can have: they are trained in one float array. */
    public static final long MAX_WEIGHTS = Integer.MAX_VALUE - 8;

    /** Number of weights, all layers together. */
    public long weightCount() {
        long n = 0;
        for (int l = 0; l < layers(); l++) {
            n += (long) in(l) * out(l);
        }
        return n;
    }

    /** Parses an architecture like {@code 784-512-512-10}. */
    public static int[] parseArch(String arch) {
        Checks.notNull("arch", arch);
        try {
            // limit -1: a trailing dash leaves an empty size (rejected) instead of vanishing
            int[] sizes = Arrays.stream(arch.split("-", -1)).mapToInt(Integer::parseInt).toArray();
            for (int s : sizes) {
                if (s <= 0) {
                    throw new NumberFormatException();
                }
            }
            if (sizes.length < 2) {
                throw new NumberFormatException();
            }
            return sizes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("arch '" + arch + "' is not a dash-separated list of at least two "
                    + "positive sizes (e.g. 784-512-512-10)");
        }
    }

    public int layers() {
        return sizes.length - 1;
    }

    public int in(int layer) {
        return sizes[layer];
    }

    public int out(int layer) {
        return sizes[layer + 1];
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    public String arch() {
        return Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining("-"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpSpec s && Arrays.equals(sizes, s.sizes) && weights == s.weights
                && activation == s.activation && batchNorm == s.batchNorm;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes) * 31 + weights.hashCode() * 7 + activation.hashCode() + (batchNorm ? 1 : 0);
    }

    @Override
    public String toString() {
        return arch() + " " + weights.name().toLowerCase() + " weights, " + activation.name().toLowerCase()
                + " activations" + (batchNorm ? ", batch norm" : "");
    }
}

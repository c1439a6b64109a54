package dev.bitste.results;

/**
 * What a benchmark's operation does, in units a tuner reads next to JMH's score: binary operations (one XNOR /
 * AND and popcount of one bit pair, the products of the binary kernels), multiply-adds of float kernels, bytes
 * moved by memory-bound kernels, images through a network. Declared per benchmark ({@code @Work} in package
 * {@code dev.bitste.benchrun}), never guessed from names.
 */
public enum WorkUnit {
    /** Binary products (XNOR or AND, and popcount, of one bit pair), shown per nanosecond. */
    BINARY_OPS("binary ops/ns", 1e-9),
    /** Multiply-adds, shown per nanosecond. */
    MACS("MACs/ns", 1e-9),
    /** Bytes read (or moved), shown as GB/s and as a fraction of the single-core bandwidth measured in the run. */
    BYTES("GB/s", 1e-9),
    /** Images through a network, shown per second. */
    IMAGES("images/s", 1);

    private final String label;
    private final double perSecond;

    WorkUnit(String label, double perSecond) {
        this.label = label;
        this.perSecond = perSecond;
    }

    /** How a rate of this unit is shown, e.g. {@code MACs/ns}. */
    public String label() {
        return label;
    }

    /** A rate in units per second, in the shown scale (e.g. per ns). */
    public double shown(double perSecondRate) {
        return perSecondRate * perSecond;
    }
}

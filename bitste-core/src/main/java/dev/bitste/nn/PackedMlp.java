package dev.bitste.nn;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.PackedBits;
import dev.bitste.data.LabeledImages;
import dev.bitste.kernels.BitKernels;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.kernels.PixelKernels;
import dev.bitste.util.Checks;
import dev.bitste.util.Shards;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A trained binary-activation MLP in inference form, run on the packed kernels.
 *
 * <p>Each layer accumulates integers: the first layer {@code sum_i pixel_i * level_ji} over the pixel codes (by table
 * lookup, {@link PixelKernels}), the others {@code sum_i x_i level_ji} over ±1 inputs (XNOR-popcount).
 * The batch norms are folded into those accumulators ({@link FoldedLayer}). The stored form ({@link PackedLayer}s)
 * is what the model file holds ({@link ModelFile}, docs/model-format.md); {@link Float32Mlp} is the same network in
 * float math.
 */
public final class PackedMlp implements PackedModel {
    private final int[] sizes;
    private final int weightBits;
    private final int inputBits;
    private final PackedLayer[] layers;
    private final FoldedLayer[] folded;
    private volatile Float32Mlp float32;

    /** Checks every layer's parameters (finite, positive scale, variances >= 0) and folds the batch norms. */
    PackedMlp(int[] sizes, int weightBits, int inputBits, PackedLayer[] layers) {
        this.sizes = sizes;
        this.weightBits = weightBits;
        this.inputBits = inputBits;
        this.layers = layers;
        folded = new FoldedLayer[layers.length];
        for (int l = 0; l < layers.length; l++) {
            String invalid = layers[l].invalidParameter();
            if (invalid != null) {
                throw new IllegalArgumentException("layer " + l + " " + invalid);
            }
            try {
                folded[l] = FoldedLayer.of(layers[l], l == 0, l == layers.length - 1, inputBits);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + l + " " + e.getMessage(), e);
            }
        }
    }

    /** The inference form of a model trained on 8-bit pixels (binary activations and batch norm required). */
    public static PackedMlp of(Mlp model) {
        return of(model, 8);
    }

    /**
     * The inference form of a model trained on pixels cut to {@code inputBits} bits
     * ({@link LabeledImages#quantizePixels}); binary activations and batch norm required.
     */
    public static PackedMlp of(Mlp model, int inputBits) {
        LabeledImages.pixelStep(inputBits);
        MlpSpec spec = Checks.notNull("model", model).spec();
        if (spec.activation() != Activation.BINARY || !spec.batchNorm()) {
            throw new IllegalArgumentException("only binary-activation networks with batch norm can be packed, got "
                    + spec);
        }
        String nonFinite = model.nonFiniteParameter();
        if (nonFinite != null) {
            throw new IllegalArgumentException("cannot pack a model whose " + nonFinite);
        }
        int bits = spec.weights().bits();
        PackedLayer[] layers = new PackedLayer[spec.layers()];
        for (int l = 0; l < layers.length; l++) {
            int in = spec.in(l);
            int out = spec.out(l);
            int[] levels = new int[out * in];
            float[] q = model.quantizedWeights(model.theta(), l);
            float s = model.scale(l);
            for (int i = 0; i < levels.length; i++) {
                levels[i] = Math.round(q[i] / s * (bits == 2 ? 2 : 1));
            }
            layers[l] = new PackedLayer(in, out, s, model.batchNorm(l), PackedLayer.planes(levels, out, in, bits, null));
        }
        return new PackedMlp(spec.sizes(), bits, inputBits, layers);
    }

    /**
     * An untrained network of the given shape (random weights and batch norm, statistics calibrated on random
     * images): what the inference benchmark runs, no dataset needed.
     */
    public static PackedMlp random(int[] sizes, WeightQuantizer weights, int inputBits, long seed) {
        MlpSpec spec = new MlpSpec(sizes, weights, Activation.BINARY, true);
        SplittableRandom rnd = new SplittableRandom(seed);
        int count = 500;
        byte[] images = new byte[count * sizes[0]];
        byte[] labels = new byte[count];
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) rnd.nextInt(256);
        }
        Mlp m = Mlp.initialize(spec, seed).randomizeBatchNorm(seed + 1);
        m.calibrate(new LabeledImages(images, labels, count, sizes[0], sizes[sizes.length - 1])
                .quantizePixels(inputBits), count);
        return of(m, inputBits);
    }

    /** Reads a model file holding an MLP ({@link ModelFile#read}). */
    public static PackedMlp load(Path file) {
        if (ModelFile.read(file) instanceof PackedMlp mlp) {
            return mlp;
        }
        throw new IllegalArgumentException("model file " + file + " holds a CNN, not an MLP");
    }

    /** Writes the model to a new file, atomically; an existing file is never overwritten ({@link ModelFile#write}). */
    @Override
    public Path save(Path file) {
        return ModelFile.write(this, file);
    }

    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    public int pixels() {
        return sizes[0];
    }

    @Override
    public int classes() {
        return sizes[sizes.length - 1];
    }

    @Override
    public String describe() {
        return "MLP " + arch() + ", " + weightBits + "-bit weights, binary activations, " + inputBits + "-bit pixels";
    }

    public int weightBits() {
        return weightBits;
    }

    /** Bits of each pixel the first layer reads (the top ones): 8, 4, 2 or 1. */
    public int inputBits() {
        return inputBits;
    }

    public String arch() {
        return new MlpSpec(sizes, weightBits == 2 ? WeightQuantizer.TWO_BIT : WeightQuantizer.BINARY,
                Activation.BINARY, true).arch();
    }

    /** Layer {@code l} as stored. */
    PackedLayer layer(int l) {
        return layers[l];
    }

    /** Layer {@code l} in inference form. */
    FoldedLayer folded(int l) {
        return folded[l];
    }

    /** Class scores of {@code count} images (8-bit pixels, row-major) through the packed kernels, on this thread. */
    public float[] logits(byte[] images, int count, KernelProvider k) {
        return logits(images, count, k, Shards.sequential(1));
    }

    /**
     * Class scores of {@code count} images on {@code shards.count()} threads: the batch is split into contiguous
     * rows, one tile per shard; each shard runs the whole network on its rows in its own buffers and writes only
     * its rows of the scores. Nothing mutable is shared, so the scores are the same for any shard count.
     */
    public float[] logits(byte[] images, int count, KernelProvider k, Shards shards) {
        Checks.notNull("images", images);
        Checks.notNull("kernels", k);
        Checks.notNull("shards", shards);
        Checks.positive("count", count);
        Checks.sameLength("images", Math.multiplyExact(count, sizes[0]), images.length);
        byte[] x = inputBits == 8 ? images : codes(images);
        int classes = sizes[sizes.length - 1];
        float[] out = new float[count * classes];
        shards.forEach(count, (s, from, to) -> {
            float[] rows = logitsOfRows(x, from, to, k);
            System.arraycopy(rows, 0, out, from * classes, rows.length);
        });
        return out;
    }

    /** Class scores of rows [r0, r1) of the pixel codes. */
    private float[] logitsOfRows(byte[] x, int r0, int r1, KernelProvider k) {
        int count = r1 - r0;
        BitKernels kernels = k.bits();
        PixelKernels pixels = k.pixels();
        // first layer: the pixel codes as integers against groups of weight bits, by table lookup
        Function<BitMatrix, int[]> lookup = w -> {
            int[] acc = new int[count * w.rows()];
            pixels.gemm(x, r0, r1, w, acc, 0);
            return acc;
        };
        if (layers.length == 1) {
            return outputs(levelAccumulators(folded[0].planes(), lookup), count);
        }
        BitMatrix h;
        if (weightBits == 1) { // the threshold fused: no integer matrix
            MemorySegment seg = PackedBits.allocate(count, sizes[1]);
            pixels.gemmThreshold(x, r0, r1, folded[0].planes()[0], folded[0].thresholds(), seg);
            h = BitMatrix.adopt(seg, count, sizes[1]);
        } else {
            h = threshold(levelAccumulators(folded[0].planes(), lookup), count, 0, kernels);
        }
        for (int l = 1; l < layers.length - 1; l++) {
            FoldedLayer layer = folded[l];
            h = weightBits == 1 ? kernels.gemmThreshold(h, layer.planes()[0], layer.thresholds())
                    : threshold(levelAccumulators(layer.planes(), xnorGemm(kernels, h)), count, l, kernels);
        }
        return outputs(levelAccumulators(folded[layers.length - 1].planes(), xnorGemm(kernels, h)), count);
    }

    /** The top {@code inputBits} bits of every pixel. */
    private byte[] codes(byte[] images) {
        byte[] c = new byte[images.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = (byte) ((images[i] & 0xff) >>> (8 - inputBits));
        }
        return c;
    }

    /** The last layer's batch norm as an affine map of its integer accumulators. */
    private float[] outputs(int[] acc, int count) {
        FoldedLayer last = folded[layers.length - 1];
        int out = layers[layers.length - 1].out();
        float[] logits = new float[acc.length];
        for (int b = 0; b < count; b++) {
            for (int j = 0; j < out; j++) {
                int i = b * out + j;
                logits[i] = last.logitScale()[j] * acc[i] + last.logitBias()[j];
            }
        }
        return logits;
    }

    /**
     * Integer accumulators {@code x . levels^T} from one GEMM per weight bit-plane: the level is the plane's sign
     * (binary) or {@code 2 b1 + b0} (2-bit).
     */
    static int[] levelAccumulators(BitMatrix[] planes, Function<BitMatrix, int[]> gemm) {
        int[] acc = gemm.apply(planes[0]);
        if (planes.length == 2) {
            int[] low = gemm.apply(planes[1]);
            for (int i = 0; i < acc.length; i++) {
                acc[i] = 2 * acc[i] + low[i];
            }
        }
        return acc;
    }

    private static Function<BitMatrix, int[]> xnorGemm(BitKernels kernels, BitMatrix x) {
        return w -> kernels.gemm(x, w);
    }

    /** Packs {@code acc >= t_j} of layer {@code l} row by row into the next layer's ±1 input. */
    private BitMatrix threshold(int[] acc, int count, int l, BitKernels kernels) {
        int out = layers[l].out();
        MemorySegment seg = PackedBits.allocate(count, out);
        long stride = (long) PackedBits.strideWords(out) * Long.BYTES;
        int[] t = folded[l].thresholds();
        int[] row = new int[out];
        for (int b = 0; b < count; b++) {
            for (int j = 0; j < out; j++) {
                row[j] = acc[b * out + j] - t[j];
            }
            kernels.support().threshold(row, 0, out, 0, seg, b * stride);
        }
        return BitMatrix.adopt(seg, count, out);
    }

    /** Predicted classes through the packed kernels. */
    @Override
    public int[] predict(byte[] images, int count, KernelProvider kernels) {
        return predict(images, count, kernels, Shards.sequential(1));
    }

    /** Predicted classes through the packed kernels on {@code shards.count()} threads (see {@link #logits}). */
    public int[] predict(byte[] images, int count, KernelProvider kernels, Shards shards) {
        return argmaxRows(logits(images, count, kernels, shards), count, sizes[sizes.length - 1]);
    }

    @Override
    public int[] predictFloat32(byte[] images, int count) {
        Float32Mlp f = float32;
        if (f == null) {
            f = Float32Mlp.of(this);
            float32 = f;
        }
        return f.predict(images, count);
    }

    /** The class of each of {@code count} rows of {@code classes} scores (a tie goes to the smallest index). */
    public static int[] argmaxRows(float[] logits, int count, int classes) {
        int[] out = new int[count];
        for (int b = 0; b < count; b++) {
            out[b] = Mlp.argmax(logits, b * classes, classes);
        }
        return out;
    }

    /** Test accuracy through the packed kernels, in batches of 1000. */
    public double accuracy(LabeledImages data, KernelProvider kernels) {
        int correct = 0;
        int n = data.count();
        for (int from = 0; from < n; from += 1000) {
            int size = Math.min(1000, n - from);
            byte[] im = new byte[size * data.pixels()];
            System.arraycopy(data.images(), from * data.pixels(), im, 0, im.length);
            int[] pred = predict(im, size, kernels);
            for (int b = 0; b < size; b++) {
                correct += pred[b] == data.label(from + b) ? 1 : 0;
            }
        }
        return (double) correct / n;
    }
}

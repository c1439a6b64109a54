package dev.bitste.nn;

import dev.bitste.bits.BitMatrix;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.util.Checks;
import dev.bitste.bits.PackedBits;
import dev.bitste.data.LabeledImages;
import dev.bitste.util.AtomicFiles;
import dev.bitste.bits.BitPlanes;
import dev.bitste.kernels.BitKernels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * A trained binary-activation MLP in inference form, as stored in a model file (docs/model-format.md).
 *
 * <p>Weights are ±1 bit-planes (one for binary weights, two for 2-bit weights: integer level
 * {@code 2 b1 + b0} in {-3, -1, 1, 3}, i.e. twice the training level). Each layer accumulates integers:
 * the first layer {@code sum_i pixel_i * level_ji} over the 8-bit pixels, the others {@code sum_i x_i level_ji}
 * over ±1 inputs (XNOR-popcount). Batch norm followed by sign folds into one integer threshold per unit
 * ({@code acc >= t}); a unit with negative gamma has its weight rows negated so the comparison keeps its
 * direction. The last layer's batch norm becomes a float affine map of the integer accumulators.
 */
public final class PackedMlp {
    /** File magic: the bytes {@code BSTM}. */
    public static final int MAGIC = 0x4253544D;
    public static final int VERSION = 1;
    static final int MAX_LAYERS = 64;
    static final int MAX_WIDTH = 1 << 20;

    private final int[] sizes;
    private final int weightBits;
    private final int inputBits;
    private final Layer[] layers;

    /** One layer: stored parameters (as in the file) and the derived inference form. */
    record Layer(int in, int out, float scale, float[] gamma, float[] beta, float[] mean, float[] var,
            BitMatrix[] planes, BitMatrix[] foldedPlanes, int[] thresholds, float[] logitScale, float[] logitBias,
            float[] levelsTransposed) {
    }

    private PackedMlp(int[] sizes, int weightBits, int inputBits, Layer[] layers) {
        this.sizes = sizes;
        this.weightBits = weightBits;
        this.inputBits = inputBits;
        this.layers = layers;
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
        int bits = spec.weights().bits();
        int[] sizes = spec.sizes();
        Layer[] layers = new Layer[spec.layers()];
        for (int l = 0; l < layers.length; l++) {
            int in = spec.in(l);
            int out = spec.out(l);
            int[] levels = new int[out * in];
            float[] q = model.quantizedWeights(model.theta(), l);
            float s = model.scale(l);
            for (int i = 0; i < levels.length; i++) {
                levels[i] = Math.round(q[i] / s * (bits == 2 ? 2 : 1));
            }
            float[] gamma = new float[out];
            float[] beta = new float[out];
            System.arraycopy(model.phi(), model.phiOffset(l), gamma, 0, out);
            System.arraycopy(model.phi(), model.phiOffset(l) + out, beta, 0, out);
            layers[l] = build(l, sizes, bits, inputBits, s, gamma, beta, model.populationMean(l).clone(),
                    model.populationVar(l).clone(), planes(levels, out, in, bits, null));
        }
        return new PackedMlp(sizes, bits, inputBits, layers);
    }

    /**
     * An untrained network of the given shape (random weights and batch norm, statistics calibrated on random
     * images): what the inference benchmark runs, no dataset needed.
     */
    public static PackedMlp random(int[] sizes, WeightQuantizer weights, int inputBits, long seed) {
        MlpSpec spec = new MlpSpec(sizes, weights, Activation.BINARY, true);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
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

    /** Bit-planes of integer levels (binary: ±1; 2-bit: 2 b1 + b0), rows in {@code negate} flipped. */
    private static BitMatrix[] planes(int[] levels, int out, int in, int bits, boolean[] negate) {
        BitMatrix[] planes = new BitMatrix[bits];
        for (int p = 0; p < bits; p++) {
            MemorySegment seg = PackedBits.allocate(out, in);
            long stride = PackedBits.strideWords(in);
            for (int j = 0; j < out; j++) {
                boolean flip = negate != null && negate[j];
                for (int w = 0; w < PackedBits.wordsFor(in); w++) {
                    long word = 0;
                    for (int b = 0; b < 64 && w * 64 + b < in; b++) {
                        int level = levels[j * in + w * 64 + b];
                        if (flip) {
                            level = -level;
                        }
                        boolean bit = bits == 1 ? level > 0 : p == 0 ? level > 0 : (level == 3 || level == -1);
                        word |= bit ? 1L << b : 0;
                    }
                    seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, j * stride + w, word);
                }
            }
            planes[p] = BitMatrix.adopt(seg, out, in);
        }
        return planes;
    }

    /** Integer levels back from bit-planes: binary ±1, 2-bit {@code 2 b1 + b0}. */
    private static int[] levels(BitMatrix[] planes) {
        int out = planes[0].rows();
        int in = planes[0].cols();
        int[] levels = new int[out * in];
        for (int j = 0; j < out; j++) {
            for (int i = 0; i < in; i++) {
                levels[j * in + i] = planes.length == 1 ? planes[0].sign(j, i)
                        : 2 * planes[0].sign(j, i) + planes[1].sign(j, i);
            }
        }
        return levels;
    }

    /** Derives the inference form of layer {@code l} from its stored parameters. */
    private static Layer build(int l, int[] sizes, int bits, int inputBits, float scale, float[] gamma, float[] beta, float[] mean,
            float[] var, BitMatrix[] planes) {
        int in = sizes[l];
        int out = sizes[l + 1];
        boolean last = l == sizes.length - 2;
        // real pre-activation = unit * integer accumulator
        double unit = scale / (double) (bits == 2 ? 2 : 1) / (l == 0 ? (1 << inputBits) - 1 : 1.0);
        int[] levels = levels(planes);
        float[] levelsT = new float[in * out];
        for (int j = 0; j < out; j++) {
            for (int i = 0; i < in; i++) {
                levelsT[i * out + j] = levels[j * in + i];
            }
        }
        if (last) {
            float[] a = new float[out];
            float[] b = new float[out];
            for (int j = 0; j < out; j++) {
                double inv = 1 / Math.sqrt(var[j] + Mlp.BN_EPS);
                a[j] = (float) (gamma[j] * unit * inv);
                b[j] = (float) (beta[j] - gamma[j] * mean[j] * inv);
            }
            return new Layer(in, out, scale, gamma, beta, mean, var, planes, planes, null, a, b, levelsT);
        }
        int[] t = new int[out];
        boolean[] negate = new boolean[out];
        for (int j = 0; j < out; j++) {
            double sigma = Math.sqrt(var[j] + Mlp.BN_EPS);
            if (gamma[j] == 0f) {
                t[j] = beta[j] >= 0 ? Integer.MIN_VALUE / 2 : Integer.MAX_VALUE / 2;
                continue;
            }
            double v = (mean[j] - beta[j] * sigma / gamma[j]) / unit; // gamma > 0: acc >= v; gamma < 0: acc <= v
            negate[j] = gamma[j] < 0;
            double bound = negate[j] ? Math.ceil(-v) : Math.ceil(v);
            t[j] = (int) Math.max(Integer.MIN_VALUE / 2, Math.min(Integer.MAX_VALUE / 2, bound));
        }
        return new Layer(in, out, scale, gamma, beta, mean, var, planes, planes(levels, out, in, bits, negate), t,
                null, null, levelsT);
    }

    public int[] sizes() {
        return sizes.clone();
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

    // ---------------------------------------------------------------- inference

    /** Class scores of {@code count} images (8-bit pixels, row-major) through the packed kernels. */
    public float[] logits(byte[] images, int count, KernelProvider k) {
        Checks.notNull("images", images);
        Checks.notNull("kernels", k);
        Checks.positive("count", count);
        Checks.sameLength("images", Math.multiplyExact(count, sizes[0]), images.length);
        BitKernels kernels = k.bits();
        BitPlanes pixels = k.quant().pack(inputBits == 8 ? images : codes(images), count, sizes[0], inputBits);
        // first layer: the pixels' bit-planes through the bit-serial kernel
        if (layers.length == 1) {
            return outputs(levelAccumulators(layers[0].planes(), w -> k.quant().gemm(pixels, w)), count);
        }
        BitMatrix x = threshold(levelAccumulators(layers[0].foldedPlanes(), w -> k.quant().gemm(pixels, w)), count,
                layers[0], kernels);
        for (int l = 1; l < layers.length - 1; l++) {
            Layer layer = layers[l];
            x = weightBits == 1 ? kernels.gemmThreshold(x, layer.foldedPlanes()[0], layer.thresholds())
                    : threshold(levelAccumulators(layer.foldedPlanes(), xnorGemm(kernels, x)), count, layer, kernels);
        }
        return outputs(levelAccumulators(layers[layers.length - 1].planes(), xnorGemm(kernels, x)), count);
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
        Layer last = layers[layers.length - 1];
        float[] logits = new float[acc.length];
        for (int b = 0; b < count; b++) {
            for (int j = 0; j < last.out(); j++) {
                int i = b * last.out() + j;
                logits[i] = last.logitScale()[j] * acc[i] + last.logitBias()[j];
            }
        }
        return logits;
    }

    /**
     * Integer accumulators {@code x . levels^T} from one GEMM per weight bit-plane: the level is the plane's sign
     * (binary) or {@code 2 b1 + b0} (2-bit).
     */
    private static int[] levelAccumulators(BitMatrix[] planes, java.util.function.Function<BitMatrix, int[]> gemm) {
        int[] acc = gemm.apply(planes[0]);
        if (planes.length == 2) {
            int[] low = gemm.apply(planes[1]);
            for (int i = 0; i < acc.length; i++) {
                acc[i] = 2 * acc[i] + low[i];
            }
        }
        return acc;
    }

    private static java.util.function.Function<BitMatrix, int[]> xnorGemm(BitKernels kernels, BitMatrix x) {
        return w -> kernels.gemm(x, w);
    }

    /** Packs {@code acc >= t_j} row by row into the next layer's ±1 input. */
    private static BitMatrix threshold(int[] acc, int count, Layer layer, BitKernels kernels) {
        int out = layer.out();
        MemorySegment seg = PackedBits.allocate(count, out);
        long stride = (long) PackedBits.strideWords(out) * Long.BYTES;
        int[] t = layer.thresholds();
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
    public int[] predict(byte[] images, int count, KernelProvider kernels) {
        return argmaxRows(logits(images, count, kernels), count, sizes[sizes.length - 1]);
    }

    /** {@code z (m x out) = x (m x in) . W_l^T} for layer {@code l} of a float32 forward pass. */
    @FunctionalInterface
    public interface LayerProduct {
        void multiply(float[] x, int m, int layer, float[] z);
    }

    /**
     * The float32 reference: the same network as dense float math (weights as {@code ±scale} floats, pixel codes
     * {@code / (2^inputBits - 1)},
     * batch norm, sign), what binarization is meant to beat; single-threaded, HotSpot-vectorized row updates.
     */
    public float[] logitsFloat32(byte[] images, int count) {
        return logitsFloat32(images, count, (x, m, l, z) -> FloatMatrices.multiplySequential(x,
                float32WeightsTransposed(l), z, m, sizes[l], sizes[l + 1]));
    }

    /** The float32 forward pass with the layer products done by {@code product} (e.g. a Vector API GEMM). */
    public float[] logitsFloat32(byte[] images, int count, LayerProduct product) {
        Checks.notNull("images", images);
        Checks.positive("count", count);
        Checks.notNull("product", product);
        Checks.sameLength("images", Math.multiplyExact(count, sizes[0]), images.length);
        float[] x = new float[count * sizes[0]];
        float unit = 1f / ((1 << inputBits) - 1);
        for (int i = 0; i < x.length; i++) {
            x[i] = ((images[i] & 0xff) >>> (8 - inputBits)) * unit;
        }
        for (int l = 0; l < layers.length; l++) {
            Layer layer = layers[l];
            float[] z = new float[count * layer.out()];
            product.multiply(x, count, l, z);
            float[] inv = new float[layer.out()];
            for (int j = 0; j < inv.length; j++) {
                inv[j] = (float) (1 / Math.sqrt(layer.var()[j] + Mlp.BN_EPS));
            }
            boolean last = l == layers.length - 1;
            for (int b = 0; b < count; b++) {
                for (int j = 0; j < layer.out(); j++) {
                    int i = b * layer.out() + j;
                    float y = layer.gamma()[j] * (z[i] - layer.mean()[j]) * inv[j] + layer.beta()[j];
                    z[i] = last ? y : y >= 0f ? 1f : -1f;
                }
            }
            x = z;
        }
        return x;
    }

    private float[][] float32Weights;

    /** Layer {@code l}'s weights as floats {@code scale * level}, row-major out x in. */
    public float[] float32Weights(int l) {
        return FloatMatrices.transpose(float32WeightsTransposed(l), sizes[l], sizes[l + 1]);
    }

    /** Layer {@code l}'s weights as floats {@code scale * level}, transposed (in x out) for row updates. */
    private float[] float32WeightsTransposed(int l) {
        if (float32Weights == null) {
            float32Weights = new float[layers.length][];
        }
        if (float32Weights[l] == null) {
            Layer layer = layers[l];
            float s = layer.scale() / (weightBits == 2 ? 2 : 1);
            float[] t = layer.levelsTransposed().clone();
            for (int i = 0; i < t.length; i++) {
                t[i] *= s;
            }
            float32Weights[l] = t;
        }
        return float32Weights[l];
    }

    public int[] predictFloat32(byte[] images, int count) {
        return argmaxRows(logitsFloat32(images, count), count, sizes[sizes.length - 1]);
    }

    private static int[] argmaxRows(float[] logits, int count, int classes) {
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

    // ---------------------------------------------------------------- file format

    /** The model file's bytes (docs/model-format.md). */
    public byte[] toBytes() {
        int size = headerBytes(sizes.length - 1);
        for (int l = 0; l < layers.length; l++) {
            size += layerBytes(sizes[l], sizes[l + 1], weightBits);
        }
        ByteBuffer buf = ByteBuffer.allocate(size + 4);
        buf.putInt(MAGIC).putInt(VERSION).putInt(layers.length).putInt(weightBits).putInt(inputBits);
        for (int s : sizes) {
            buf.putInt(s);
        }
        for (Layer layer : layers) {
            buf.putFloat(layer.scale());
            for (float[] v : new float[][] {layer.gamma(), layer.beta(), layer.mean(), layer.var()}) {
                for (float f : v) {
                    buf.putFloat(f);
                }
            }
            for (BitMatrix plane : layer.planes()) {
                for (int r = 0; r < plane.rows(); r++) {
                    for (long w : plane.rowWords(r)) {
                        buf.putLong(w);
                    }
                }
            }
        }
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, size);
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    private static int headerBytes(int layers) {
        return 5 * 4 + 4 * (layers + 1);
    }

    private static long layerBytes(long in, long out, int bits) {
        return 4 + 16 * out + bits * out * PackedBits.wordsFor((int) in) * 8L;
    }

    /** Writes the model to a new file, atomically; an existing file is never overwritten. */
    public Path save(Path file) {
        return AtomicFiles.writeNew(Checks.notNull("file", file), toBytes());
    }

    /** Size of a file in bytes. */
    public static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a model file, with clear errors for a missing, truncated, corrupt or foreign file. */
    public static PackedMlp load(Path file) {
        Checks.notNull("file", file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("model file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        return fromBytes(bytes, file.toString());
    }

    /** Parses the bytes of a model file; {@code source} names it in error messages. */
    public static PackedMlp fromBytes(byte[] bytes, String source) {
        ByteBuffer buf = ByteBuffer.wrap(Checks.notNull("bytes", bytes));
        try {
            int magic = buf.getInt();
            if (magic != MAGIC) {
                throw new IllegalArgumentException(String.format(
                        "%s is not a bitste model file: magic 0x%08x, expected 0x%08x (\"BSTM\")", source, magic, MAGIC));
            }
            int version = buf.getInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(source + " has model format version " + version
                        + ", this build reads version " + VERSION);
            }
            int count = buf.getInt();
            int bits = buf.getInt();
            if (count < 1 || count > MAX_LAYERS) {
                throw new IllegalArgumentException(source + " declares " + count + " layers (corrupt header?)");
            }
            if (bits != 1 && bits != 2) {
                throw new IllegalArgumentException(source + " declares " + bits + "-bit weights (only 1 or 2)");
            }
            int inputBits = buf.getInt();
            if (inputBits != 1 && inputBits != 2 && inputBits != 4 && inputBits != 8) {
                throw new IllegalArgumentException(source + " declares " + inputBits + "-bit inputs (only 1, 2, 4, 8)");
            }
            int[] sizes = new int[count + 1];
            for (int i = 0; i <= count; i++) {
                sizes[i] = buf.getInt();
                if (sizes[i] < 1 || sizes[i] > MAX_WIDTH) {
                    throw new IllegalArgumentException(source + " declares layer width " + sizes[i] + " (corrupt header?)");
                }
            }
            long expected = headerBytes(count) + 4L;
            for (int l = 0; l < count; l++) {
                expected += layerBytes(sizes[l], sizes[l + 1], bits);
            }
            if (bytes.length < expected) {
                throw new IllegalArgumentException(source + " is truncated: " + bytes.length + " bytes, the header ("
                        + count + " layers) needs " + expected);
            }
            if (bytes.length > expected) {
                throw new IllegalArgumentException(source + " has " + (bytes.length - expected)
                        + " unexpected trailing bytes after the checksum");
            }
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, bytes.length - 4);
            int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
            if (stored != (int) crc.getValue()) {
                throw new IllegalArgumentException(String.format("%s is corrupt: CRC32 0x%08x, stored 0x%08x", source,
                        (int) crc.getValue(), stored));
            }
            Layer[] layers = new Layer[count];
            for (int l = 0; l < count; l++) {
                int in = sizes[l];
                int out = sizes[l + 1];
                float scale = buf.getFloat();
                float[][] bn = new float[4][out];
                for (float[] v : bn) {
                    for (int j = 0; j < out; j++) {
                        v[j] = buf.getFloat();
                    }
                }
                BitMatrix[] planes = new BitMatrix[bits];
                for (int p = 0; p < bits; p++) {
                    long[] words = new long[out * PackedBits.wordsFor(in)];
                    for (int i = 0; i < words.length; i++) {
                        words[i] = buf.getLong();
                    }
                    planes[p] = BitMatrix.ofWords(words, out, in);
                }
                layers[l] = build(l, sizes, bits, inputBits, scale, bn[0], bn[1], bn[2], bn[3], planes);
            }
            return new PackedMlp(sizes, bits, inputBits, layers);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException(source + " is truncated: " + bytes.length + " bytes end inside the header");
        }
    }
}

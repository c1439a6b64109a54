package dev.bitste.nn;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitTensor;
import dev.bitste.bits.ConvFilters;
import dev.bitste.data.LabeledImages;
import dev.bitste.kernels.ConvKernels;
import dev.bitste.kernels.ConvShape;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.kernels.PadValue;
import dev.bitste.util.Checks;
import dev.bitste.util.Shards;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * A trained binarized CNN in inference form, run on the convolution kernels ({@link ConvKernels}): binary weights,
 * sign activations after an 8-bit first layer, max pools, a dense head.
 *
 * <p>Each block ({@link CnnStage}) accumulates integers: the first convolution {@code sum pixel * sign} (the direct
 * first-layer kernel), the others the ±1 dot products of XNOR-popcount (the implicit-im2col GEMM, zero padding
 * corrected at the border), the dense layers the XNOR GEMM of the bit kernels over the flattened activations. The
 * batch norm and sign of a block become one integer threshold per channel with the filters of negative-gamma channels
 * negated ({@link FoldedLayer#thresholds}), applied inside the convolution, whose output is already the next block's
 * packed input; a max pool is then the OR of the packed bits (the maximum of ±1 values, whether the pool comes before
 * or after the sign: {@code max_w y_w >= 0} iff some {@code y_w >= 0}). The last block's batch norm is an affine map
 * of its integers: the class scores. {@link Float32Cnn} is the same network in float math.
 */
public final class PackedCnn implements PackedModel {
    private final List<CnnStage> stages;
    private final List<Folded> folded;
    private volatile Float32Cnn float32;

    /**
     * A block made ready for the kernels: filters (conv) or rows (dense) with negated rows for negative gamma, the
     * thresholds of a hidden block or the affine map of the last, and the padding bits of a dense input.
     */
    private record Folded(ConvFilters filters, BitMatrix rows, int[] thresholds, float[][] logits, int excess) {
    }

    PackedCnn(List<CnnStage> stages) {
        Checks.notNull("stages", stages);
        Checks.positive("stages", stages.size());
        this.stages = List.copyOf(stages);
        List<Folded> f = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            CnnStage s = stages.get(i);
            boolean last = i == stages.size() - 1;
            if ((s.kind() == CnnStage.Kind.PIXELS) != (i == 0)) {
                throw new IllegalArgumentException("block " + i + " is a " + s.kind() + " block: the first block, and only"
                        + " it, convolves the pixels");
            }
            if (s.sign() == last) {
                throw new IllegalArgumentException("block " + i + (last ? " is the last and has" : " has no")
                        + " sign activation: every block but the last (the class scores) has one");
            }
            if (i > 0 && !stages.get(i - 1).output().equals(s.in())) {
                throw new IllegalArgumentException("block " + i + " reads " + s.in() + ", block " + (i - 1) + " gives "
                        + stages.get(i - 1).output());
            }
            if (last && s.kind() != CnnStage.Kind.DENSE) {
                throw new IllegalArgumentException("the last block is a " + s.kind() + " block: the class scores come from"
                        + " a dense layer");
            }
            if (i > 0 && stages.get(i - 1).kind() == CnnStage.Kind.DENSE && s.kind() != CnnStage.Kind.DENSE) {
                throw new IllegalArgumentException("block " + i + " is a convolution after a dense layer");
            }
            f.add(fold(s, last));
        }
        folded = List.copyOf(f);
    }

    /** The integer unit of block s's pre-activation: its weight scale, over 255 for the pixels. */
    private static double unit(CnnStage s) {
        return s.scale() / (s.kind() == CnnStage.Kind.PIXELS ? 255.0 : 1.0);
    }

    private static Folded fold(CnnStage s, boolean last) {
        boolean[] negate = new boolean[s.out()];
        int[] t = last ? null : FoldedLayer.thresholds(s.norm(), unit(s), negate);
        float[][] logits = last ? FoldedLayer.logits(s.norm(), unit(s)) : null;
        if (s.kind() != CnnStage.Kind.DENSE) {
            return new Folded(s.filters().negate(negate), null, t, logits, 0);
        }
        int[] signs = s.signs().clone();
        for (int j = 0; j < s.out(); j++) {
            for (int i = 0; negate[j] && i < s.fanIn(); i++) {
                signs[j * s.fanIn() + i] = -signs[j * s.fanIn() + i];
            }
        }
        BitMatrix rows = CnnStage.denseRows(signs, s.out(), s.in());
        // the padding bits of each pixel's last word agree (0 XOR 0): each adds 1 to the dot product
        return new Folded(null, rows, t, logits, rows.cols() - s.fanIn());
    }

    /**
     * The inference form of a trained {@link Cnn}: blocks of a binary-weight convolution (or dense layer), a batch norm,
     * then a max pool and a sign in either order (none after the last block's batch norm). Anything else (float
     * weights, other activations, a max pool before the batch norm) is rejected naming the layer.
     */
    public static PackedCnn of(Cnn net) {
        List<CnnLayer> layers = Checks.notNull("net", net).layers();
        List<CnnStage> stages = new ArrayList<>();
        int i = 0;
        while (i < layers.size()) {
            if (!(layers.get(i) instanceof ConvLayer c) || !c.binaryWeights()) {
                throw new IllegalArgumentException("layer " + i + " (" + layers.get(i) + ") cannot start a packed block:"
                        + " expected a convolution or dense layer with binary weights");
            }
            if (++i >= layers.size() || !(layers.get(i) instanceof BatchNormLayer bn)) {
                throw new IllegalArgumentException("layer " + (i - 1) + " (" + c + ") is not followed by a batch norm");
            }
            ConvShape pool = null;
            boolean sign = false;
            for (i++; i < layers.size() && !(layers.get(i) instanceof ConvLayer); i++) {
                if (layers.get(i) instanceof MaxPoolLayer p && pool == null) {
                    pool = p.shape();
                } else if (layers.get(i) instanceof ActivationLayer a && !sign
                        && a.activation().kind() == CnnActivation.Kind.SIGN) {
                    sign = true;
                } else {
                    throw new IllegalArgumentException("layer " + i + " (" + layers.get(i) + ") cannot be packed: a block"
                            + " is a binary convolution, a batch norm, then at most one max pool and one sign");
                }
            }
            float[] w = c.weights();
            int[] signs = new int[w.length];
            for (int j = 0; j < w.length; j++) {
                signs[j] = w[j] >= 0 ? 1 : -1;
            }
            CnnStage.Kind kind = c.dense() ? CnnStage.Kind.DENSE
                    : stages.isEmpty() ? CnnStage.Kind.PIXELS : CnnStage.Kind.BINARY;
            ConvShape s = c.shape();
            stages.add(new CnnStage(kind, c.in(), s.kernel(), s.stride(), s.padding(), PadValue.ZERO, c.outChannels(),
                    c.scale(), bn.batchNorm(), signs, pool == null ? 0 : pool.kernel(), pool == null ? 0 : pool.stride(),
                    sign));
        }
        return new PackedCnn(stages);
    }

    /**
     * An untrained network (what the inference benchmark runs, no dataset needed): {@code net}'s weights, its batch
     * norms calibrated on random images, then packed.
     */
    public static PackedCnn random(Cnn net, long seed) {
        FeatureShape in = Checks.notNull("net", net).input();
        int count = 200;
        byte[] images = new byte[count * in.size()];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) rnd.nextInt(256);
        }
        net.calibrate(new LabeledImages(images, new byte[count], count, in.size(), net.classes()), count,
                Shards.sequential(1));
        return of(net);
    }

    /** Reads a model file holding a CNN ({@link ModelFile#read}). */
    public static PackedCnn load(Path file) {
        if (ModelFile.read(file) instanceof PackedCnn cnn) {
            return cnn;
        }
        throw new IllegalArgumentException("model file " + file + " holds an MLP, not a CNN");
    }

    @Override
    public Path save(Path file) {
        return ModelFile.write(this, file);
    }

    /** Block {@code i} as stored. */
    CnnStage stage(int i) {
        return stages.get(i);
    }

    /** Number of blocks. */
    int blocks() {
        return stages.size();
    }

    /** The shape of one input image. */
    public FeatureShape input() {
        return stages.get(0).in();
    }

    @Override
    public int pixels() {
        return input().size();
    }

    @Override
    public int classes() {
        return stages.get(stages.size() - 1).out();
    }

    /** The blocks, e.g. {@code 28x28x1: conv3x3x32+pool2 conv3x3x64+pool2 conv3x3x128+pool2 dense10}. */
    public String arch() {
        return input() + ": " + stages.stream().map(CnnStage::label).collect(Collectors.joining(" "));
    }

    @Override
    public String describe() {
        return "CNN " + arch() + ", binary weights, sign activations, 8-bit pixels";
    }

    /** Class scores of {@code count} images (8-bit pixels, NHWC) through the packed kernels, on one thread. */
    public float[] logits(byte[] images, int count, KernelProvider k) {
        return logits(images, count, k, Shards.sequential(1));
    }

    /** Class scores of {@code count} images, the convolutions' output rows split among {@code shards}. */
    public float[] logits(byte[] images, int count, KernelProvider k, Shards shards) {
        Checks.notNull("images", images);
        Checks.notNull("kernels", k);
        Checks.positive("count", count);
        Checks.sameLength("images", Math.multiplyExact(count, pixels()), images.length);
        ConvKernels conv = k.conv();
        BitTensor x = null;
        for (int i = 0; i < stages.size() - 1; i++) {
            CnnStage s = stages.get(i);
            Folded f = folded.get(i);
            x = switch (s.kind()) {
                case PIXELS -> conv.pixelConvThreshold(images, count, f.filters(), s.conv(), f.thresholds(), shards);
                case BINARY -> conv.binaryConvThreshold(x, f.filters(), s.conv(), s.pad(), f.thresholds(), shards);
                case DENSE -> denseThreshold(x, f, k, count);
            };
            if (s.pool() != null) {
                x = conv.maxPool(x, s.pool());
            }
        }
        Folded last = folded.get(stages.size() - 1);
        int[] acc = k.bits().gemm(flatten(x), last.rows());
        int classes = classes();
        float[] logits = new float[acc.length];
        for (int i = 0; i < acc.length; i++) {
            int j = i % classes;
            logits[i] = last.logits()[0][j] * (acc[i] - last.excess()) + last.logits()[1][j];
        }
        return logits;
    }

    /** The images of x, each one row of its words (pixels after each other, channel words within). */
    private static BitMatrix flatten(BitTensor x) {
        return BitMatrix.ofWords(x.words(), x.count(), x.imageWords() * 64);
    }

    /** A hidden dense block: {@code dot >= t} on the XNOR GEMM (whose dots count the padding bits: t moves by them). */
    private static BitTensor denseThreshold(BitTensor x, Folded f, KernelProvider k, int count) {
        int[] t = f.thresholds().clone();
        for (int j = 0; j < t.length; j++) {
            t[j] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, (long) t[j] + f.excess()));
        }
        BitMatrix y = k.bits().gemmThreshold(flatten(x), f.rows(), t);
        int cw = BitTensor.channelWords(y.cols());
        long[] words = new long[count * cw];
        for (int b = 0; b < count; b++) {
            System.arraycopy(y.rowWords(b), 0, words, b * cw, cw);
        }
        return BitTensor.adopt(words, count, 1, 1, y.cols(), 1);
    }

    @Override
    public int[] predict(byte[] images, int count, KernelProvider kernels) {
        return PackedMlp.argmaxRows(logits(images, count, kernels), count, classes());
    }

    /** Predicted classes, the convolutions split among {@code shards}. */
    public int[] predict(byte[] images, int count, KernelProvider kernels, Shards shards) {
        return PackedMlp.argmaxRows(logits(images, count, kernels, shards), count, classes());
    }

    @Override
    public int[] predictFloat32(byte[] images, int count) {
        Float32Cnn f = float32;
        if (f == null) {
            f = Float32Cnn.of(this);
            float32 = f;
        }
        return f.predict(images, count);
    }

    /** Test accuracy through the packed kernels, in batches of 500. */
    public double accuracy(LabeledImages data, KernelProvider kernels, Shards shards) {
        Checks.notNull("data", data);
        Checks.sameLength("data pixels", pixels(), data.pixels());
        int correct = 0;
        for (int from = 0; from < data.count(); from += 500) {
            int size = Math.min(500, data.count() - from);
            byte[] im = new byte[size * pixels()];
            System.arraycopy(data.images(), from * pixels(), im, 0, im.length);
            int[] pred = predict(im, size, kernels, shards);
            for (int b = 0; b < size; b++) {
                correct += pred[b] == data.label(from + b) ? 1 : 0;
            }
        }
        return (double) correct / data.count();
    }
}

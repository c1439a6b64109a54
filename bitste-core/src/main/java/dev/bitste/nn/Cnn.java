package dev.bitste.nn;

import dev.bitste.data.LabeledImages;
import dev.bitste.kernels.ConvShape.Padding;
import dev.bitste.kernels.FloatConvKernels;
import dev.bitste.util.Checks;
import dev.bitste.util.Shards;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A convolutional network in training form (docs/algorithms.md section 6): a sequence of {@link CnnLayer}s from
 * NHWC input images to class logits (the last layer's {@code 1 x 1 x classes} output), trained with softmax
 * cross-entropy on the straight-through gradient. All trainable parameters are one vector
 * ({@link #parameters()}, live: optimizers update it in place); each layer owns a slice.
 *
 * <p>A pass splits its images into the shards it is given ({@link Shards}); batch statistics and weight gradients
 * are summed per shard and the shards' sums added in shard order, so results depend on the shard count, never on
 * the threads. One pass at a time: layers keep what their backward pass needs.
 *
 * <p>Reading a trained network (for packing or folding): {@link #layers()} in order; a {@link ConvLayer} gives its
 * geometry, effective weights (OHWI) and whether they are binary; a {@link BatchNormLayer} its evaluation-form
 * {@link BatchNorm}; an {@link ActivationLayer} its {@link CnnActivation}; a {@link MaxPoolLayer} its window.
 */
public final class Cnn {
    /** Images per chunk when evaluating or calibrating. */
    static final int EVAL_CHUNK = 250;

    private final FeatureShape input;
    private final List<CnnLayer> layers;
    private final float[] params;
    private final int scratchSize;
    private float[][] acts = new float[0][];
    private float[][] grads = new float[0][];
    private float[][] scratch = new float[0][];

    private Cnn(FeatureShape input, List<CnnLayer> layers, long seed) {
        this.input = input;
        this.layers = List.copyOf(layers);
        FeatureShape last = layers.get(layers.size() - 1).out();
        if (last.height() != 1 || last.width() != 1) {
            throw new IllegalArgumentException("the last layer must output 1 x 1 x classes, got " + last);
        }
        int n = 0;
        int most = 0;
        for (CnnLayer l : layers) {
            n = Math.addExact(n, l.parameterCount());
            most = Math.max(most, l.scratchSize());
        }
        params = new float[n];
        scratchSize = most;
        SplittableRandom rnd = new SplittableRandom(seed);
        int offset = 0;
        for (CnnLayer l : layers) {
            l.bind(params, offset, rnd);
            offset += l.parameterCount();
        }
    }

    /** A network on images of shape {@code input}, built layer by layer. */
    public static Builder builder(FeatureShape input) {
        return new Builder(Checks.notNull("input", input));
    }

    /** Adds layers in order, each taking the previous one's output shape. */
    public static final class Builder {
        private final FeatureShape input;
        private final List<CnnLayer> layers = new ArrayList<>();

        private Builder(FeatureShape input) {
            this.input = input;
        }

        private FeatureShape current() {
            return layers.isEmpty() ? input : layers.get(layers.size() - 1).out();
        }

        private Builder add(CnnLayer layer) {
            layers.add(layer);
            return this;
        }

        /** A convolution with {@code outChannels} filters of {@code kernel x kernel}, float or binary weights. */
        public Builder conv(int outChannels, int kernel, int stride, Padding padding, boolean binaryWeights) {
            return add(ConvLayer.conv(current(), Checks.positive("outChannels", outChannels), kernel, stride, padding,
                    binaryWeights));
        }

        /** A dense layer of {@code units} on the flattened input. */
        public Builder dense(int units, boolean binaryWeights) {
            return add(ConvLayer.dense(current(), Checks.positive("units", units), binaryWeights));
        }

        /** Batch norm over the channels, with ({@code affine}) or without trainable scale and shift. */
        public Builder batchNorm(boolean affine) {
            return add(new BatchNormLayer(current(), affine));
        }

        public Builder activation(CnnActivation activation) {
            return add(new ActivationLayer(current(), activation));
        }

        /** Max-pool over {@code kernel x kernel} windows moved by {@code stride} (valid padding). */
        public Builder maxPool(int kernel, int stride) {
            return add(MaxPoolLayer.of(current(), kernel, stride));
        }

        /** The network, parameters initialized from {@code seed}. */
        public Cnn build(long seed) {
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("a network needs at least one layer");
            }
            return new Cnn(input, layers, seed);
        }
    }

    /**
     * LeNet-5 as paper 003 trains it (section 8.2; layer sizes are LeCun's): conv 5x5 x 6 (same padding), max-pool 2,
     * conv 5x5 x 16 (valid), max-pool 2, dense 120, dense 84, dense 10; float weights; batch norm without scale and
     * shift before every activation; the last layer's logits go through batch norm with scale and shift.
     */
    public static Cnn lenet5(CnnActivation activation, long seed) {
        return builder(new FeatureShape(28, 28, 1))
                .conv(6, 5, 1, Padding.SAME, false).batchNorm(false).maxPool(2, 2).activation(activation)
                .conv(16, 5, 1, Padding.VALID, false).batchNorm(false).maxPool(2, 2).activation(activation)
                .dense(120, false).batchNorm(false).activation(activation)
                .dense(84, false).batchNorm(false).activation(activation)
                .dense(10, false).batchNorm(true)
                .build(seed);
    }

    /**
     * The binarized CNN: binary weights everywhere, sign activations; the first convolution reads the 8-bit pixels.
     * Three blocks of conv 3x3 (same padding) - batch norm - max-pool 2 - sign with 32, 64 and 128 channels
     * (28x28 -> 14x14 -> 7x7 -> 3x3), then dense 10 and batch norm.
     */
    public static Cnn binary(long seed) {
        Builder b = builder(new FeatureShape(28, 28, 1));
        for (int channels : new int[] {32, 64, 128}) {
            b.conv(channels, 3, 1, Padding.SAME, true).batchNorm(true).maxPool(2, 2).activation(CnnActivation.sign());
        }
        return b.dense(10, true).batchNorm(true).build(seed);
    }

    public FeatureShape input() {
        return input;
    }

    /** The layers in order (unmodifiable). */
    public List<CnnLayer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** Every trainable parameter (live). */
    public float[] parameters() {
        return params;
    }

    public int classes() {
        return layers.get(layers.size() - 1).out().channels();
    }

    /** Keeps binary latent weights inside the STE's range. */
    public void clipLatent() {
        for (CnnLayer l : layers) {
            if (l instanceof ConvLayer c) {
                c.clipLatent();
            }
        }
    }

    private CnnPass pass(Shards shards, boolean batchStats) {
        Checks.notNull("shards", shards);
        if (scratch.length != shards.count()) {
            scratch = new float[shards.count()][scratchSize];
        }
        return new CnnPass(shards, scratch, FloatConvKernels.get(), batchStats);
    }

    /** Buffers for at least {@code images} images: activations, and gradients when {@code backward}. */
    private void reserve(int images, boolean backward) {
        if (acts.length != layers.size() + 1) {
            acts = new float[layers.size() + 1][0];
            grads = new float[layers.size() + 1][0];
        }
        for (int l = 0; l < layers.size(); l++) {
            int need = images * layers.get(l).out().size();
            if (acts[l + 1].length < need) {
                acts[l + 1] = new float[need];
            }
            if (backward && grads[l + 1].length < need) {
                grads[l + 1] = new float[need];
            }
        }
    }

    private float[] forward(CnnPass pass, float[] inputs, int images, boolean backward) {
        Checks.notNull("inputs", inputs);
        Checks.positive("images", images);
        Checks.range("inputs", inputs.length, 0, Math.multiplyExact(images, input.size()));
        reserve(images, backward);
        acts[0] = inputs;
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).forward(pass, acts[l], acts[l + 1], images);
        }
        return acts[layers.size()];
    }

    /**
     * One training pass over {@code batch} (batch statistics): the mean cross-entropy and the correct predictions,
     * with the straight-through gradient of every parameter written into {@code grad}.
     */
    public Mlp.Gradients lossAndGradient(Batch batch, float[] grad, Shards shards) {
        Checks.notNull("batch", batch);
        Checks.notNull("grad", grad);
        Checks.sameLength("grad", params.length, grad.length);
        int images = batch.size();
        int classes = classes();
        float[] logits = forward(pass(shards, true), batch.inputs(), images, true);
        int top = layers.size();
        double loss = Mlp.crossEntropy(logits, batch.labels(), images, classes, grads[top]);
        CnnPass pass = pass(shards, true);
        for (int l = top - 1; l >= 0; l--) {
            layers.get(l).backward(pass, acts[l], acts[l + 1], grads[l + 1], l == 0 ? null : grads[l], grad, images);
        }
        return new Mlp.Gradients(loss, Mlp.countCorrect(logits, batch.labels(), images, classes));
    }

    /** Logits ({@code images x classes}) of {@code inputs} in evaluation mode (population statistics). */
    public float[] logits(float[] inputs, int images, Shards shards) {
        float[] out = forward(pass(shards, false), inputs, images, false);
        return java.util.Arrays.copyOf(out, images * classes());
    }

    /** Fraction of images {@code [from, from + count)} of {@code data} classified correctly in evaluation mode. */
    public double accuracy(LabeledImages data, int from, int count, Shards shards) {
        Checks.notNull("data", data);
        Checks.positive("count", count);
        Checks.range("images", data.count(), from, count);
        long correct = 0;
        for (int at = from; at < from + count; at += EVAL_CHUNK) {
            Batch b = Batch.of(data, null, at, Math.min(EVAL_CHUNK, from + count - at));
            float[] logits = forward(pass(shards, false), b.inputs(), b.size(), false);
            correct += Mlp.countCorrect(logits, b.labels(), b.size(), classes());
        }
        return (double) correct / count;
    }

    /**
     * Sets every batch norm's population statistics to the moments of its input over the first {@code limit} images
     * of {@code data}, run in chunks with batch statistics as in training (as {@link Mlp#calibrate} does).
     */
    public void calibrate(LabeledImages data, int limit, Shards shards) {
        Checks.notNull("data", data);
        int n = Math.min(Checks.positive("limit", limit), data.count());
        List<BatchNormLayer> norms = layers.stream().filter(l -> l instanceof BatchNormLayer)
                .map(l -> (BatchNormLayer) l).toList();
        norms.forEach(BatchNormLayer::startCalibration);
        for (int from = 0; from < n; from += EVAL_CHUNK) {
            Batch b = Batch.of(data, null, from, Math.min(EVAL_CHUNK, n - from));
            forward(pass(shards, true), b.inputs(), b.size(), false);
        }
        norms.forEach(BatchNormLayer::finishCalibration);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("input " + input);
        for (CnnLayer l : layers) {
            s.append(" | ").append(l);
        }
        return s.toString();
    }
}

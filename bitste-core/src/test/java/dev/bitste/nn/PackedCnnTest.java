package dev.bitste.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.data.LabeledImages;
import dev.bitste.kernels.ConvShape.Padding;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.util.Shards;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packed CNN against the training model's float evaluation, across implementations, and its model file. */
class PackedCnnTest {
    @TempDir
    Path dir;

    static final int CLASSES = 7;

    /**
     * A small binarized CNN with every kind of block: a 5 x 5 first layer on two-channel pixels, a strided convolution,
     * 65 channels (not a multiple of 64), a max pool before and one after the sign, a hidden dense layer.
     */
    static Cnn net(long seed) {
        return Cnn.builder(new FeatureShape(11, 10, 2))
                .conv(9, 5, 1, Padding.SAME, true).batchNorm(true).maxPool(2, 2).activation(CnnActivation.sign())
                .conv(65, 3, 2, Padding.SAME, true).batchNorm(true).activation(CnnActivation.sign())
                .conv(12, 3, 1, Padding.SAME, true).batchNorm(true).activation(CnnActivation.sign()).maxPool(2, 1)
                .dense(20, true).batchNorm(true).activation(CnnActivation.sign())
                .dense(CLASSES, true).batchNorm(true)
                .build(seed);
    }

    static LabeledImages images(int count, FeatureShape in, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] im = new byte[count * in.size()];
        byte[] labels = new byte[count];
        for (int i = 0; i < im.length; i++) {
            im[i] = (byte) (rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(256));
        }
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) rnd.nextInt(CLASSES);
        }
        return new LabeledImages(im, labels, count, in.size(), CLASSES);
    }

    /** Batch-norm scales of both signs (negated filters), shifts, then statistics calibrated on the images. */
    static Cnn trainedLike(long seed, LabeledImages data) {
        Cnn n = net(seed);
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        for (CnnLayer l : n.layers()) {
            if (l instanceof BatchNormLayer bn && bn.affine()) {
                int units = l.in().channels();
                for (int j = 0; j < units; j++) {
                    n.parameters()[l.parameterOffset() + j] = (float) (rnd.nextDouble(0.5, 1.5) * (rnd.nextInt(4) == 0 ? -1 : 1));
                    n.parameters()[l.parameterOffset() + units + j] = (float) rnd.nextDouble(-0.5, 0.5);
                }
            }
        }
        n.calibrate(data, data.count(), Shards.sequential(1));
        return n;
    }

    @Test
    void packedInferenceAgreesWithTheTrainingModelAndFloat32() {
        LabeledImages data = images(120, new FeatureShape(11, 10, 2), 3);
        Cnn n = trainedLike(5, data);
        PackedCnn p = PackedCnn.of(n);
        float[] reference = n.logits(Batch.of(data, null, 0, data.count()).inputs(), data.count(), Shards.sequential(1));
        float[] f32 = Float32Cnn.of(p).logits(data.images(), data.count());
        float[] scalar = p.logits(data.images(), data.count(), KernelProvider.of(KernelChoice.scalar()));
        int agree = 0;
        int agreeF32 = 0;
        for (int b = 0; b < data.count(); b++) {
            int r = Mlp.argmax(reference, b * CLASSES, CLASSES);
            agree += r == Mlp.argmax(scalar, b * CLASSES, CLASSES) ? 1 : 0;
            agreeF32 += r == Mlp.argmax(f32, b * CLASSES, CLASSES) ? 1 : 0;
        }
        // integer thresholds are the float comparisons up to rounding at the boundary: rare flips only
        assertThat(agree).isGreaterThanOrEqualTo(data.count() * 95 / 100);
        assertThat(agreeF32).isGreaterThanOrEqualTo(data.count() * 97 / 100);
        int close = 0;
        for (int i = 0; i < reference.length; i++) {
            close += Math.abs(reference[i] - scalar[i]) <= 1e-3 * (1 + Math.abs(reference[i])) ? 1 : 0;
        }
        assertThat(close).isGreaterThanOrEqualTo(reference.length * 90 / 100);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (KernelChoice choice : KernelChoice.available()) {
                assertThat(p.logits(data.images(), data.count(), KernelProvider.of(choice))).as("%s", choice)
                        .containsExactly(scalar);
                assertThat(p.logits(data.images(), data.count(), KernelProvider.of(choice), new Shards(3, pool)))
                        .as("%s on 3 threads", choice).containsExactly(scalar);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(p.arch()).isEqualTo("11x10x2: conv5x5x9+pool2 conv3x3x65/2 conv3x3x12+pool2/1 dense20 dense7");
    }

    @Test
    void modelFileRoundTripsAndIsVersionTwo() throws IOException {
        LabeledImages data = images(40, new FeatureShape(11, 10, 2), 7);
        PackedCnn p = PackedCnn.of(trainedLike(8, data));
        Path file = p.save(dir.resolve("cnn.bsm"));
        assertThatThrownBy(() -> p.save(file)).hasMessageContaining("refusing to overwrite");
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        assertThat(b.getInt()).isEqualTo(ModelFile.MAGIC);
        assertThat(b.getInt()).isEqualTo(2);
        assertThat(new int[] {b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt()}).containsExactly(11, 10, 2, 8, 5);
        PackedCnn back = PackedCnn.load(file);
        assertThat(ModelFile.toBytes(back)).isEqualTo(bytes);
        KernelProvider k = KernelProvider.get();
        assertThat(back.logits(data.images(), data.count(), k)).containsExactly(p.logits(data.images(), data.count(), k));
        assertThat(PackedModel.load(file)).isInstanceOf(PackedCnn.class);
        assertThatThrownBy(() -> PackedMlp.load(file)).hasMessageContaining("holds a CNN, not an MLP");
        Path mlp = PackedMlpTest.model(WeightQuantizer.BINARY, 3).save(dir.resolve("mlp.bsm"));
        assertThatThrownBy(() -> PackedCnn.load(mlp)).hasMessageContaining("holds an MLP, not a CNN");

        Path truncated = Files.write(dir.resolve("t.bsm"), Arrays.copyOf(bytes, bytes.length - 9));
        assertThatThrownBy(() -> PackedModel.load(truncated)).hasMessageContaining("truncated")
                .hasMessageContaining("5 blocks");
        byte[] flipped = bytes.clone();
        flipped[bytes.length - 40] ^= 4;
        Path corrupt = Files.write(dir.resolve("c.bsm"), flipped);
        assertThatThrownBy(() -> PackedModel.load(corrupt)).hasMessageContaining("corrupt");
        byte[] kernel = bytes.clone();
        ByteBuffer.wrap(kernel).putInt(4 * 7 + 4 * 2, 9); // block 0's kernel: 9
        Path bad = Files.write(dir.resolve("k.bsm"), kernel);
        assertThatThrownBy(() -> PackedModel.load(bad)).hasMessageContaining("block 0")
                .hasMessageContaining("kernel must be in 1..7, got 9");
    }

    @Test
    void networksThatDoNotPackAreRejectedNamingTheLayer() {
        assertThatThrownBy(() -> PackedCnn.of(Cnn.lenet5(CnnActivation.sign(), 1)))
                .hasMessageContaining("layer 0 (conv").hasMessageContaining("binary weights");
        Cnn relu = Cnn.builder(new FeatureShape(6, 6, 1)).conv(4, 3, 1, Padding.SAME, true).batchNorm(true)
                .activation(CnnActivation.relu()).dense(3, true).batchNorm(true).build(1);
        assertThatThrownBy(() -> PackedCnn.of(relu)).hasMessageContaining("layer 2 (relu) cannot be packed");
        Cnn poolFirst = Cnn.builder(new FeatureShape(6, 6, 1)).conv(4, 3, 1, Padding.SAME, true).maxPool(2, 2)
                .batchNorm(true).activation(CnnActivation.sign()).dense(3, true).batchNorm(true).build(1);
        assertThatThrownBy(() -> PackedCnn.of(poolFirst)).hasMessageContaining("not followed by a batch norm");
    }
}

package dev.bitste.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitPlanes;
import dev.bitste.data.LabeledImages;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.util.Shards;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The inference path with the table-lookup first layer against the bit-plane path it replaced (same integer
 * accumulators, so the same scores exactly, hence the same predictions and accuracy), and on several threads
 * against one.
 */
class PackedMlpLookupTest {
    static final int PIXELS = 100;

    static PackedMlp model(WeightQuantizer q, int inputBits, long seed) {
        LabeledImages data = MlpTest.brighterHalf(300, PIXELS, seed).quantizePixels(inputBits);
        MlpSpec spec = new MlpSpec(new int[] {PIXELS, 65, 130, 7}, q, Activation.BINARY, true);
        return PackedMlp.of(MlpTest.randomModel(spec, seed, data), inputBits);
    }

    /** Pixels random, with runs at 0 and 255 so the extremes are in every batch. */
    static byte[] images(int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] x = new byte[count * PIXELS];
        for (int i = 0; i < x.length; i++) {
            int r = rnd.nextInt(4);
            x[i] = (byte) (r == 0 ? 0 : r == 1 ? 255 : rnd.nextInt(256));
        }
        return x;
    }

    /** The scores as the bit-plane first layer computed them: pixel codes as bit-planes, bit-serial GEMMs. */
    static float[] bitPlaneLogits(PackedMlp p, byte[] images, int count, KernelProvider k) {
        int[] sizes = p.sizes();
        byte[] codes = new byte[images.length];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) ((images[i] & 0xff) >>> (8 - p.inputBits()));
        }
        BitPlanes planes = k.quant().pack(codes, count, sizes[0], p.inputBits());
        int[] acc = PackedMlp.levelAccumulators(p.folded(0).planes(), w -> k.quant().gemm(planes, w));
        for (int l = 1; l < sizes.length - 1; l++) {
            BitMatrix h = signs(acc, p.folded(l - 1).thresholds(), count);
            acc = PackedMlp.levelAccumulators(p.folded(l).planes(), w -> k.bits().gemm(h, w));
        }
        FoldedLayer last = p.folded(sizes.length - 2);
        int classes = sizes[sizes.length - 1];
        float[] logits = new float[acc.length];
        for (int i = 0; i < acc.length; i++) {
            logits[i] = last.logitScale()[i % classes] * acc[i] + last.logitBias()[i % classes];
        }
        return logits;
    }

    static BitMatrix signs(int[] acc, int[] t, int count) {
        int[] s = new int[acc.length];
        for (int i = 0; i < acc.length; i++) {
            s[i] = acc[i] >= t[i % t.length] ? 1 : -1;
        }
        return BitMatrix.ofSigns(s, count, t.length);
    }

    @ParameterizedTest
    @EnumSource(WeightQuantizer.class)
    void lookupPathGivesTheScoresOfTheBitPlanePath(WeightQuantizer q) {
        for (int inputBits : new int[] {8, 4}) {
            PackedMlp p = model(q, inputBits, 21 + inputBits);
            for (int count : new int[] {1, 3, 37}) {
                byte[] x = images(count, count);
                float[] old = bitPlaneLogits(p, x, count, KernelProvider.of(KernelChoice.scalar()));
                for (KernelChoice c : KernelChoice.available()) {
                    KernelProvider k = KernelProvider.of(c);
                    assertThat(p.logits(x, count, k)).as("%s, %d-bit input, batch %d", c, inputBits, count)
                            .containsExactly(old);
                    assertThat(p.predict(x, count, k)).containsExactly(PackedMlp.argmaxRows(old, count, 7));
                }
            }
        }
    }

    @Test
    void threadsGiveTheScoresOfOneThread() {
        PackedMlp p = model(WeightQuantizer.BINARY, 8, 5);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (KernelChoice c : KernelChoice.available()) {
                KernelProvider k = KernelProvider.of(c);
                for (int count : new int[] {1, 2, 5, 37}) {
                    byte[] x = images(count, 100 + count);
                    float[] one = p.logits(x, count, k);
                    for (int threads : new int[] {2, 3}) {
                        assertThat(p.logits(x, count, k, new Shards(threads, pool)))
                                .as("%s, batch %d, %d threads", c, count, threads).containsExactly(one);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

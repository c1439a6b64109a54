package dev.bitste.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.data.LabeledImages;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.KernelProvider;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PackedMlpTest {
    @TempDir
    Path dir;

    static final int PIXELS = 100;

    static PackedMlp model(WeightQuantizer q, long seed) {
        LabeledImages data = MlpTest.brighterHalf(500, PIXELS, seed);
        MlpSpec spec = new MlpSpec(new int[] {PIXELS, 65, 130, 7}, q, Activation.BINARY, true);
        return PackedMlp.of(MlpTest.randomModel(spec, seed, data));
    }

    @ParameterizedTest
    @EnumSource(WeightQuantizer.class)
    void kernelInferenceAgreesWithTrainingModelAndFloat32(WeightQuantizer q) {
        LabeledImages data = MlpTest.brighterHalf(300, PIXELS, 9);
        MlpSpec spec = new MlpSpec(new int[] {PIXELS, 65, 130, 7}, q, Activation.BINARY, true);
        Mlp m = MlpTest.randomModel(spec, 4, data);
        PackedMlp p = PackedMlp.of(m);
        float[] reference = m.logits(Batch.of(data, null, 0, data.count()).inputs(), data.count());
        float[] f32 = Float32Mlp.of(p).logits(data.images(), data.count());
        float[] scalar = p.logits(data.images(), data.count(), KernelProvider.of(KernelChoice.scalar()));
        int agree = 0;
        int agreeF32 = 0;
        for (int b = 0; b < data.count(); b++) {
            int r = Mlp.argmax(reference, b * 7, 7);
            agree += r == Mlp.argmax(scalar, b * 7, 7) ? 1 : 0;
            agreeF32 += r == Mlp.argmax(f32, b * 7, 7) ? 1 : 0;
        }
        // integer thresholds are the float comparisons up to rounding at the boundary: rare flips only
        assertThat(agree).isGreaterThanOrEqualTo(data.count() * 97 / 100);
        assertThat(agreeF32).isGreaterThanOrEqualTo(data.count() * 97 / 100);
        int close = 0;
        for (int i = 0; i < reference.length; i++) {
            close += Math.abs(reference[i] - scalar[i]) <= 1e-3 * (1 + Math.abs(reference[i])) ? 1 : 0;
        }
        assertThat(close).isGreaterThanOrEqualTo(reference.length * 95 / 100);
        for (KernelChoice choice : KernelChoice.available()) {
            assertThat(p.logits(data.images(), data.count(), KernelProvider.of(choice))).as("%s", choice)
                    .containsExactly(scalar);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 4})
    void fewerInputBitsMatchTheModelTrainedOnCutPixels(int bits) {
        LabeledImages data = MlpTest.brighterHalf(200, PIXELS, 12);
        LabeledImages cut = data.quantizePixels(bits);
        MlpSpec spec = new MlpSpec(new int[] {PIXELS, 65, 5}, WeightQuantizer.BINARY, Activation.BINARY, true);
        Mlp m = MlpTest.randomModel(spec, 13, cut);
        PackedMlp p = PackedMlp.of(m, bits);
        assertThat(p.inputBits()).isEqualTo(bits);
        float[] reference = m.logits(Batch.of(cut, null, 0, cut.count()).inputs(), cut.count());
        // the packed model takes raw 8-bit pixels and cuts them itself
        float[] raw = p.logits(data.images(), data.count(), KernelProvider.get());
        float[] f32 = Float32Mlp.of(p).logits(data.images(), data.count());
        int close = 0;
        int closeF32 = 0;
        for (int i = 0; i < reference.length; i++) {
            close += Math.abs(reference[i] - raw[i]) <= 1e-3 * (1 + Math.abs(reference[i])) ? 1 : 0;
            closeF32 += Math.abs(reference[i] - f32[i]) <= 1e-3 * (1 + Math.abs(reference[i])) ? 1 : 0;
        }
        assertThat(close).isGreaterThanOrEqualTo(reference.length * 95 / 100);
        assertThat(closeF32).isGreaterThanOrEqualTo(reference.length * 95 / 100);
        assertThat(((PackedMlp) ModelFile.fromBytes(ModelFile.toBytes(p), "m")).inputBits()).isEqualTo(bits);
        assertThat(cut.quantizePixels(8)).isSameAs(cut);
        assertThat(cut.pixel(0, 0) % LabeledImages.pixelStep(bits)).isZero();
    }

    @Test
    void batchOfOneGivesTheSameScoresAsTheBatch() {
        PackedMlp p = model(WeightQuantizer.BINARY, 2);
        LabeledImages data = MlpTest.brighterHalf(5, PIXELS, 3);
        float[] all = p.logits(data.images(), 5, KernelProvider.get());
        for (int b = 0; b < 5; b++) {
            byte[] one = Arrays.copyOfRange(data.images(), b * PIXELS, (b + 1) * PIXELS);
            assertThat(p.logits(one, 1, KernelProvider.get())).containsExactly(Arrays.copyOfRange(all, b * 7, b * 7 + 7));
        }
    }

    @ParameterizedTest
    @EnumSource(WeightQuantizer.class)
    void saveAndLoadRoundTrip(WeightQuantizer q) {
        PackedMlp p = model(q, 5);
        Path file = p.save(dir.resolve("m.bsm"));
        PackedMlp back = PackedMlp.load(file);
        assertThat(ModelFile.toBytes(back)).isEqualTo(ModelFile.toBytes(p));
        assertThat(back.sizes()).containsExactly(PIXELS, 65, 130, 7);
        assertThat(back.weightBits()).isEqualTo(q.bits());
        LabeledImages data = MlpTest.brighterHalf(50, PIXELS, 6);
        assertThat(back.logits(data.images(), 50, KernelProvider.get())).containsExactly(p.logits(data.images(), 50,
                KernelProvider.get()));
        assertThat(Float32Mlp.of(back).logits(data.images(), 50)).containsExactly(Float32Mlp.of(p).logits(data.images(), 50));
        assertThatThrownBy(() -> p.save(file)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("refusing to overwrite");
    }

    @Test
    void floatActivationNetworksCannotBePacked() {
        MlpSpec spec = new MlpSpec(new int[] {4, 3, 2}, WeightQuantizer.BINARY, Activation.FLOAT, true);
        assertThatThrownBy(() -> PackedMlp.of(Mlp.initialize(spec, 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("binary-activation");
    }
}

package dev.bitste.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.data.LabeledImages;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.KernelProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
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
        float[] f32 = p.logitsFloat32(data.images(), data.count());
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
        float[] f32 = p.logitsFloat32(data.images(), data.count());
        int close = 0;
        int closeF32 = 0;
        for (int i = 0; i < reference.length; i++) {
            close += Math.abs(reference[i] - raw[i]) <= 1e-3 * (1 + Math.abs(reference[i])) ? 1 : 0;
            closeF32 += Math.abs(reference[i] - f32[i]) <= 1e-3 * (1 + Math.abs(reference[i])) ? 1 : 0;
        }
        assertThat(close).isGreaterThanOrEqualTo(reference.length * 95 / 100);
        assertThat(closeF32).isGreaterThanOrEqualTo(reference.length * 95 / 100);
        assertThat(PackedMlp.fromBytes(p.toBytes(), "m").inputBits()).isEqualTo(bits);
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
        assertThat(back.toBytes()).isEqualTo(p.toBytes());
        assertThat(back.sizes()).containsExactly(PIXELS, 65, 130, 7);
        assertThat(back.weightBits()).isEqualTo(q.bits());
        LabeledImages data = MlpTest.brighterHalf(50, PIXELS, 6);
        assertThat(back.logits(data.images(), 50, KernelProvider.get())).containsExactly(p.logits(data.images(), 50,
                KernelProvider.get()));
        assertThat(back.logitsFloat32(data.images(), 50)).containsExactly(p.logitsFloat32(data.images(), 50));
        assertThatThrownBy(() -> p.save(file)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("refusing to overwrite");
    }

    @Test
    void fileLayoutIsAsDocumented() {
        PackedMlp p = model(WeightQuantizer.TWO_BIT, 1);
        ByteBuffer b = ByteBuffer.wrap(p.toBytes());
        assertThat(b.getInt()).isEqualTo(0x4253544D);
        assertThat(b.getInt()).isEqualTo(1);
        assertThat(b.getInt()).isEqualTo(3);
        assertThat(b.getInt()).isEqualTo(2);
        assertThat(b.getInt()).isEqualTo(8);
        // header 20 + 4 sizes, per layer scale + 4 x out floats + planes x out x words longs, CRC
        long expected = 20 + 16 + 4 + (4 + 16 * 65 + 2 * 65 * 2 * 8) + (4 + 16 * 130 + 2 * 130 * 2 * 8)
                + (4 + 16 * 7 + 2 * 7 * 3 * 8);
        assertThat((long) b.capacity()).isEqualTo(expected);
    }

    @Test
    void damagedFilesAreRejectedClearly() throws IOException {
        byte[] good = model(WeightQuantizer.BINARY, 8).toBytes();
        Path truncated = Files.write(dir.resolve("t.bsm"), Arrays.copyOf(good, good.length - 10));
        assertThatThrownBy(() -> PackedMlp.load(truncated)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated").hasMessageContaining(String.valueOf(good.length - 10));
        Path header = Files.write(dir.resolve("h.bsm"), Arrays.copyOf(good, 10));
        assertThatThrownBy(() -> PackedMlp.load(header)).hasMessageContaining("truncated");
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        Path corrupt = Files.write(dir.resolve("c.bsm"), flipped);
        assertThatThrownBy(() -> PackedMlp.load(corrupt)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("corrupt").hasMessageContaining("CRC32");
        byte[] magic = good.clone();
        magic[0] = 'X';
        Path foreign = Files.write(dir.resolve("f.bsm"), magic);
        assertThatThrownBy(() -> PackedMlp.load(foreign)).hasMessageContaining("not a bitste model file");
        byte[] version = good.clone();
        version[7] = 9;
        Path future = Files.write(dir.resolve("v.bsm"), version);
        assertThatThrownBy(() -> PackedMlp.load(future)).hasMessageContaining("version 9");
        Path trailing = Files.write(dir.resolve("x.bsm"), Arrays.copyOf(good, good.length + 3));
        assertThatThrownBy(() -> PackedMlp.load(trailing)).hasMessageContaining("3 unexpected trailing bytes");
        assertThatThrownBy(() -> PackedMlp.load(dir.resolve("none.bsm"))).hasMessageContaining("does not exist");
    }

    @Test
    void floatActivationNetworksCannotBePacked() {
        MlpSpec spec = new MlpSpec(new int[] {4, 3, 2}, WeightQuantizer.BINARY, Activation.FLOAT, true);
        assertThatThrownBy(() -> PackedMlp.of(Mlp.initialize(spec, 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("binary-activation");
    }
}

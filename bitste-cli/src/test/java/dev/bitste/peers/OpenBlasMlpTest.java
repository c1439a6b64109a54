package dev.bitste.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bitste.nn.Float32Mlp;
import dev.bitste.nn.PackedMlp;
import dev.bitste.nn.WeightQuantizer;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OpenBLAS float32 network against the float32 reference (plain loops) of the same packed network. */
class OpenBlasMlpTest {
    @ParameterizedTest
    @CsvSource({"1,8,BINARY", "7,8,BINARY", "33,2,TWO_BIT"})
    void agreesWithTheFloat32Reference(int count, int inputBits, WeightQuantizer weights) {
        assumeTrue(OpenBlas.available(), () -> "no OpenBLAS here: " + OpenBlas.info().skipped());
        PackedMlp net = PackedMlp.random(new int[] {100, 37, 19, 10}, weights, inputBits, 5);
        byte[] images = new byte[count * 100];
        SplittableRandom rnd = new SplittableRandom(count);
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) rnd.nextInt(256);
        }
        float[] reference = Float32Mlp.of(net).logits(images, count);
        float[] got = OpenBlasMlp.of(net).logits(images, count);
        assertThat(got).hasSameSizeAs(reference);
        int near = 0;
        for (int i = 0; i < got.length; i++) {
            // a hidden unit whose sum lands on its threshold may flip sign under another summation order
            near += Math.abs(got[i] - reference[i]) <= 1e-3f * (1 + Math.abs(reference[i])) ? 1 : 0;
        }
        assertThat(near).as("logits within float rounding").isGreaterThanOrEqualTo((int) Math.ceil(0.9 * got.length));
        int[] predicted = OpenBlasMlp.of(net).predict(images, count);
        int[] expected = Float32Mlp.of(net).predict(images, count);
        int same = 0;
        for (int i = 0; i < count; i++) {
            same += predicted[i] == expected[i] ? 1 : 0;
        }
        assertThat(same).as("same predictions").isGreaterThanOrEqualTo((int) Math.ceil(0.9 * count));
    }
}

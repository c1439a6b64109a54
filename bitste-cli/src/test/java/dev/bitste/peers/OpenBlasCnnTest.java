package dev.bitste.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bitste.nn.Cnn;
import dev.bitste.nn.Float32Cnn;
import dev.bitste.nn.PackedCnn;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The OpenBLAS float32 CNN (im2col + sgemm) against the float32 reference of the same packed network. */
class OpenBlasCnnTest {
    private static final PackedCnn NET = PackedCnn.random(Cnn.binary(3), 3);

    @Test
    void agreesWithTheFloat32ReferenceAtEveryBatchSize() {
        assumeTrue(OpenBlas.available(), () -> "no OpenBLAS here: " + OpenBlas.info().skipped());
        OpenBlasCnn peer = OpenBlasCnn.of(NET);
        Float32Cnn reference = Float32Cnn.of(NET);
        // one image (sgemv head), then a larger batch (buffers grow), then a smaller one (buffers reused)
        for (int count : new int[] {1, 13, 5}) {
            byte[] images = images(count);
            float[] expected = reference.logits(images, count);
            float[] got = peer.logits(images, count);
            assertThat(got).hasSameSizeAs(expected);
            int near = 0;
            for (int i = 0; i < got.length; i++) {
                // a unit whose pre-activation lands on its threshold may flip sign under another summation order
                near += Math.abs(got[i] - expected[i]) <= 1e-3f * (1 + Math.abs(expected[i])) ? 1 : 0;
            }
            assertThat(near).as("logits within float rounding, batch " + count)
                    .isGreaterThanOrEqualTo((int) Math.ceil(0.9 * got.length));
            int[] predicted = peer.predict(images, count);
            int[] packed = NET.predictFloat32(images, count);
            int same = 0;
            for (int i = 0; i < count; i++) {
                same += predicted[i] == packed[i] ? 1 : 0;
            }
            assertThat(same).as("same predictions as predictFloat32, batch " + count)
                    .isGreaterThanOrEqualTo((int) Math.ceil(0.9 * count));
        }
    }

    @Test
    void aWrongImageCountIsRejected() {
        assumeTrue(OpenBlas.available(), () -> "no OpenBLAS here: " + OpenBlas.info().skipped());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> OpenBlasCnn.of(NET).logits(new byte[NET.pixels() + 1], 1));
    }

    private static byte[] images(int count) {
        byte[] images = new byte[count * NET.pixels()];
        SplittableRandom rnd = new SplittableRandom(count);
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) rnd.nextInt(256);
        }
        return images;
    }
}

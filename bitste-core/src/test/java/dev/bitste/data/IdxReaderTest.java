package dev.bitste.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class IdxReaderTest {
    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes with the given magic, dimensions and data. */
    public static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    public static void write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
    }

    public static byte[] random(int n, int bound, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(bound);
        }
        return b;
    }

    /** A small Fashion-MNIST-shaped split (count images of 28 x 28) written under prefix. */
    public static void split(Path dir, String prefix, int images, int labels, boolean gzip, long seed) throws IOException {
        String ext = gzip ? ".gz" : "";
        write(dir.resolve(prefix + "-images-idx3-ubyte" + ext),
                idx(0x803, new int[] {images, 28, 28}, random(images * 784, 256, seed)), gzip);
        write(dir.resolve(prefix + "-labels-idx1-ubyte" + ext),
                idx(0x801, new int[] {labels}, random(labels, 10, seed + 1)), gzip);
    }

    @Test
    void readsPlainAndGzippedFilesIdentically() throws IOException {
        byte[] data = random(3 * 5 * 7, 256, 1);
        write(dir.resolve("a"), idx(0x803, new int[] {3, 5, 7}, data), false);
        write(dir.resolve("b"), idx(0x803, new int[] {3, 5, 7}, data), true);
        for (String name : new String[] {"a", "b"}) {
            IdxReader.IdxArray a = IdxReader.read(dir.resolve(name), 3);
            assertThat(a.dims()).containsExactly(3, 5, 7);
            assertThat(a.count()).isEqualTo(3);
            assertThat(a.itemSize()).isEqualTo(35);
            assertThat(a.data()).isEqualTo(data);
        }
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> IdxReader.read(dir.resolve("nope"), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope").hasMessageContaining("does not exist");
    }

    @Test
    void wrongMagicIsReportedWithBothValues() throws IOException {
        write(dir.resolve("m"), idx(0x801, new int[] {4}, new byte[4]), false);
        assertThatThrownBy(() -> IdxReader.read(dir.resolve("m"), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x00000801")
                .hasMessageContaining("0x00000803");
        write(dir.resolve("f"), idx(0x0d01, new int[] {4}, new byte[16]), true);
        assertThatThrownBy(() -> IdxReader.read(dir.resolve("f"), 1)).hasMessageContaining("0x00000d01");
    }

    @Test
    void truncatedDataHeaderAndEmptyFileAreReported() throws IOException {
        byte[] full = idx(0x803, new int[] {2, 4, 4}, random(32, 256, 2));
        write(dir.resolve("t"), Arrays.copyOf(full, full.length - 5), true);
        assertThatThrownBy(() -> IdxReader.read(dir.resolve("t"), 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated").hasMessageContaining("need 32").hasMessageContaining("found 27");
        write(dir.resolve("h"), Arrays.copyOf(full, 9), false);
        assertThatThrownBy(() -> IdxReader.read(dir.resolve("h"), 3)).hasMessageContaining("truncated in its header");
        write(dir.resolve("e"), new byte[0], false);
        assertThatThrownBy(() -> IdxReader.read(dir.resolve("e"), 1)).hasMessageContaining("no 4-byte magic");
    }

    @Test
    void fashionMnistLoadsSplitsAndChecksCounts() throws IOException {
        split(dir, "train", 6, 6, true, 10);
        split(dir, "t10k", 3, 3, false, 20);
        LabeledImages train = FashionMnist.train(dir);
        LabeledImages test = FashionMnist.test(dir);
        assertThat(train.count()).isEqualTo(6);
        assertThat(test.count()).isEqualTo(3);
        byte[] expected = random(6 * 784, 256, 10);
        assertThat(train.pixel(5, 783)).isEqualTo(expected[5 * 784 + 783] & 0xff);
        assertThat(train.label(2)).isEqualTo(random(6, 10, 11)[2]);
        assertThat(train.limit(4).count()).isEqualTo(4);
        assertThat(train.limit(4).pixel(3, 0)).isEqualTo(train.pixel(3, 0));

        Path bad = Files.createDirectory(dir.resolve("bad"));
        split(bad, "train", 5, 4, true, 1);
        assertThatThrownBy(() -> FashionMnist.train(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 images but 4 labels");
    }

    @Test
    void missingDatasetSaysHowToInstall() {
        assertThatThrownBy(() -> FashionMnist.train(dir.resolve("absent")))
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
        assertThatThrownBy(() -> FashionMnist.test(dir)).hasMessageContaining("t10k-images-idx3-ubyte.gz")
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
    }

    @Test
    void labelsOutsideTheClassesAreRejected() {
        assertThatThrownBy(() -> new LabeledImages(new byte[4], new byte[] {1, 12}, 2, 2, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[1] is 12");
    }
}

package dev.bitste.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.AllocationMeter;
import dev.bitste.util.FileFormatException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    /** {@code content} gzipped in memory. */
    public static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void gzipTrailersAreChecked() throws IOException {
        byte[] labels = idx(0x801, new int[] {1000}, random(1000, 10, 3));
        byte[] gz = gzip(labels);
        byte[] crc = gz.clone();
        crc[gz.length - 6] ^= 0x01; // CRC-32 of the data (little-endian), never read by a reader that stops early
        assertThatThrownBy(() -> IdxReader.read(file("crc.gz", crc), 1)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("crc.gz").hasMessageContaining("CRC32");
        byte[] size = gz.clone();
        size[gz.length - 3] ^= 0x01; // ISIZE
        assertThatThrownBy(() -> IdxReader.read(file("size.gz", size), 1)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("its trailer says");
        // the case: one byte flipped in the middle of the compressed labels
        byte[] middle = gz.clone();
        middle[gz.length / 2] ^= 0x10;
        assertThatThrownBy(() -> IdxReader.read(file("middle.gz", middle), 1)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("middle.gz");
    }

    @Test
    void truncatedGzipIsAFormatError() throws IOException {
        byte[] gz = gzip(idx(0x801, new int[] {1000}, random(1000, 10, 3)));
        for (int cut : new int[] {gz.length - 1, gz.length - 8, gz.length / 2, 12, 3}) {
            assertThatThrownBy(() -> IdxReader.read(file("t" + cut + ".gz", Arrays.copyOf(gz, cut)), 1))
                    .isInstanceOf(FileFormatException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void anythingAfterTheDataIsRejected() throws IOException {
        byte[] labels = idx(0x801, new int[] {100}, random(100, 10, 4));
        byte[] gz = gzip(labels);
        byte[] garbage = Arrays.copyOf(gz, gz.length + 5);
        garbage[gz.length] = 'x';
        assertThatThrownBy(() -> IdxReader.read(file("g.gz", garbage), 1)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("garbage after gzip member 1");
        // a count smaller than the data: raw and gzipped
        byte[] fewer = idx(0x801, new int[] {90}, random(100, 10, 4));
        assertThatThrownBy(() -> IdxReader.read(file("fewer", fewer), 1)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("too long").hasMessageContaining("need 90 data bytes, the file holds 100");
        assertThatThrownBy(() -> IdxReader.read(file("fewer.gz", gzip(fewer)), 1)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("holds more data than its dimensions [90] declare");
        // several gzip members are one gzip file (RFC 1952): read as one
        byte[] two = new byte[0];
        two = concat(gzip(Arrays.copyOf(labels, 50)), gzip(Arrays.copyOfRange(labels, 50, labels.length)));
        assertThat(IdxReader.read(file("two.gz", two), 1).data()).isEqualTo(Arrays.copyOfRange(labels, 8, 108));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void headersAreCheckedAgainstTheDataBeforeAllocating() throws IOException {
        assumeTrue(AllocationMeter.available());
        // 2 GB declared (46340 x 46340 x 1) in a file of 7 800 bytes
        byte[] claims = idx(0x803, new int[] {46340, 46340, 1}, random(7800, 256, 5));
        Path raw = file("claims", claims);
        long allocated = AllocationMeter.during(() -> assertThatThrownBy(() -> IdxReader.read(raw, 3))
                .isInstanceOf(FileFormatException.class).hasMessageContaining("truncated"));
        assertThat(allocated).isLessThan(1 << 20);
        Path gz = file("claims.gz", gzip(claims));
        allocated = AllocationMeter.during(() -> assertThatThrownBy(() -> IdxReader.read(gz, 3))
                .isInstanceOf(FileFormatException.class).hasMessageContaining("found 7800"));
        assertThat(allocated).isLessThan(1 << 20);
        assertThatThrownBy(() -> IdxReader.read(dir, 1)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void labelsOutsideTheClassesNameTheFile() throws IOException {
        split(dir, "train", 3, 3, true, 10);
        write(dir.resolve("train-labels-idx1-ubyte.gz"), idx(0x801, new int[] {3}, new byte[] {1, 2, 12}), true);
        assertThatThrownBy(() -> FashionMnist.train(dir)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("train-labels-idx1-ubyte.gz").hasMessageContaining("label 2 is 12");
    }
}

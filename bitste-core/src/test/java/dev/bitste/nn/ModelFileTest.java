package dev.bitste.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bitste.AllocationMeter;
import dev.bitste.util.FileFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelFileTest {
    @TempDir
    Path dir;

    /** Files written before the model code was reorganized (see src/test/resources/models/README.md). */
    @ParameterizedTest
    @CsvSource({"random-100-65-130-7-2bit-in4-s42.bsm, 100-65-130-7, TWO_BIT, 4, 42",
        "random-100-33-7-binary-in8-s43.bsm, 100-33-7, BINARY, 8, 43"})
    void earlierFilesStayReadableByteForByte(String file, String arch, WeightQuantizer q, int inputBits, long seed)
            throws IOException {
        byte[] stored;
        try (InputStream in = ModelFileTest.class.getResourceAsStream("/models/" + file)) {
            stored = in.readAllBytes();
        }
        PackedMlp read = (PackedMlp) ModelFile.fromBytes(stored, file);
        assertThat(read.arch()).startsWith(arch);
        assertThat(read.weightBits()).isEqualTo(q.bits());
        assertThat(read.inputBits()).isEqualTo(inputBits);
        assertThat(ModelFile.toBytes(read)).isEqualTo(stored);
        // the generator still makes that network: the same weights and batch-norm parameters; its population
        // statistics come from the training passes, so they may differ by float rounding
        PackedMlp fresh = PackedMlp.random(MlpSpec.parseArch(arch), q, inputBits, seed);
        for (int l = 0; l < read.sizes().length - 1; l++) {
            PackedLayer a = read.layer(l);
            PackedLayer b = fresh.layer(l);
            assertThat(b.scale()).isEqualTo(a.scale());
            assertThat(b.levels()).isEqualTo(a.levels());
            assertThat(b.norm().gamma()).isEqualTo(a.norm().gamma());
            assertThat(b.norm().beta()).isEqualTo(a.norm().beta());
            for (int j = 0; j < a.out(); j++) {
                assertThat(b.norm().mean()[j]).isCloseTo(a.norm().mean()[j], within(1e-5f * (1 + Math.abs(a.norm().mean()[j]))));
                assertThat(b.norm().var()[j]).isCloseTo(a.norm().var()[j], within(1e-5f * a.norm().var()[j]));
            }
        }
    }

    @Test
    void fileLayoutIsAsDocumented() {
        PackedMlp p = PackedMlpTest.model(WeightQuantizer.TWO_BIT, 1);
        ByteBuffer b = ByteBuffer.wrap(ModelFile.toBytes(p));
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
        byte[] good = ModelFile.toBytes(PackedMlpTest.model(WeightQuantizer.BINARY, 8));
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

    /** {@code bytes} with the trailing CRC-32 recomputed (so a change reaches the checks after the checksum). */
    static byte[] withCrc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }

    /** Byte offset of layer 0's scale: after the fixed header and the L + 1 widths. */
    static int firstLayer(byte[] bytes) {
        return 20 + 4 * (ByteBuffer.wrap(bytes).getInt(8) + 1);
    }

    @Test
    void nonFiniteOrImpossibleParametersAreRejectedNamingLayerAndField() {
        byte[] good = ModelFile.toBytes(PackedMlpTest.model(WeightQuantizer.BINARY, 8)); // 100-65-130-7
        int scale0 = firstLayer(good);
        int gamma0 = scale0 + 4;
        int var0 = gamma0 + 3 * 4 * 65;
        int scale1 = scale0 + 4 + 16 * 65 + 65 * 2 * 8; // layer 0: scale, 4 x 65 floats, 65 rows of 2 words
        Object[][] cases = {
            {scale0, Float.NaN, "layer 0 scale is NaN"},
            {scale0, 0f, "layer 0 scale is 0.0 (must be finite and > 0)"},
            {scale1, -0.5f, "layer 1 scale is -0.5"},
            {gamma0 + 4 * 3, Float.POSITIVE_INFINITY, "layer 0 gamma[3] is Infinity (must be finite)"},
            {gamma0 + 4 * 65 + 4 * 64, Float.NEGATIVE_INFINITY, "layer 0 beta[64] is -Infinity"},
            {var0 + 4 * 10, -1f, "layer 0 var[10] is -1.0 (a variance must be finite and >= 0)"},
            {var0, Float.NaN, "layer 0 var[0] is NaN"}};
        for (Object[] c : cases) {
            byte[] bad = good.clone();
            ByteBuffer.wrap(bad).putFloat((int) c[0], (float) c[1]);
            assertThatThrownBy(() -> ModelFile.fromBytes(withCrc(bad), "m.bsm")).isInstanceOf(FileFormatException.class)
                    .hasMessageStartingWith("m.bsm: ").hasMessageContaining((String) c[2]);
        }
    }

    @Test
    void classScoresThatOverflowFloatAreRejected() {
        byte[] good = ModelFile.toBytes(PackedMlpTest.model(WeightQuantizer.BINARY, 8));
        int lastScale = good.length - 4 - (4 + 16 * 7 + 7 * 3 * 8); // layer 2: 130 -> 7, 3 words a row
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).putFloat(lastScale, Float.MAX_VALUE).putFloat(lastScale + 4, Float.MAX_VALUE);
        assertThatThrownBy(() -> ModelFile.fromBytes(withCrc(bad), "m.bsm")).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("layer 2 unit 0").hasMessageContaining("overflows float");
    }

    @Test
    void setPaddingBitsAreRejectedNamingTheFile() throws IOException {
        byte[] good = ModelFile.toBytes(PackedMlpTest.model(WeightQuantizer.BINARY, 8));
        int planes0 = firstLayer(good) + 4 + 16 * 65;
        byte[] bad = good.clone();
        bad[planes0 + 8] |= (byte) 0x80; // row 0, word 1 (big-endian: its top byte first), bit 63: column 127 of 100
        Path file = Files.write(dir.resolve("padded.bsm"), withCrc(bad));
        assertThatThrownBy(() -> PackedMlp.load(file)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("layer 0 weight plane 0 row 0")
                .hasMessageContaining("padding bits");
    }

    @Test
    void directoriesDevicesAndHugeFilesAreRejectedWithoutReadingThem() throws IOException {
        assertThatThrownBy(() -> PackedMlp.load(dir)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining(dir + " is a directory");
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) { // endless: reading it all would never end (or run out of memory)
            assertThatThrownBy(() -> PackedMlp.load(zero)).isInstanceOf(FileFormatException.class)
                    .hasMessageContaining("not a bitste model file");
        }
        // a valid model followed by 3 GiB (sparse): rejected from its length, nothing near that allocated
        Path huge = Files.write(dir.resolve("huge.bsm"), ModelFile.toBytes(PackedMlpTest.model(WeightQuantizer.BINARY, 8)));
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        assumeTrue(AllocationMeter.available());
        long allocated = AllocationMeter.during(() -> assertThatThrownBy(() -> PackedMlp.load(huge))
                .isInstanceOf(FileFormatException.class).hasMessageContaining("unexpected trailing bytes"));
        assertThat(allocated).isLessThan(1 << 20);
        // a header declaring 64 layers of 2^20 units (a 2^43-byte model) in a file of 280 bytes
        ByteBuffer header = ByteBuffer.allocate(20 + 4 * 65).putInt(ModelFile.MAGIC).putInt(1).putInt(64).putInt(2)
                .putInt(8);
        while (header.hasRemaining()) {
            header.putInt(1 << 20);
        }
        Path claims = Files.write(dir.resolve("claims.bsm"), header.array());
        allocated = AllocationMeter.during(() -> assertThatThrownBy(() -> PackedMlp.load(claims))
                .isInstanceOf(FileFormatException.class).hasMessageContaining("truncated: 280 bytes"));
        assertThat(allocated).isLessThan(1 << 20);
    }
}

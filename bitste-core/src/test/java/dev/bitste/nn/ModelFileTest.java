package dev.bitste.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        PackedMlp read = ModelFile.fromBytes(stored, file);
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
}

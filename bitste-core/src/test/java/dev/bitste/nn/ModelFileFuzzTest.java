package dev.bitste.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.MutantVerdicts;
import dev.bitste.bits.BitMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of valid model files (truncations, flipped bytes with and without a recomputed checksum, header
 * fields and parameters set to extremes, set padding bits, garbage appended), each read by {@link ModelFile} and by
 * an independent reader written from docs/model-format.md ({@link #reference}). Every mutant must be either rejected
 * with a {@link dev.bitste.util.FileFormatException} and a message, when the reference finds it invalid, or read to exactly the
 * reference's values; no other exception, and no more memory than a small multiple of the file's size.
 */
class ModelFileFuzzTest {
    static final int MUTANTS = 360;
    /** Heap a read may allocate: the file once, its parameters again as arrays, buffers. */
    static final int BYTES_PER_FILE_BYTE = 4;
    static final int FIXED_BYTES = 256 << 10;

    @TempDir
    Path dir;

    /** What docs/model-format.md says a file holds, or why it is not a model file (then {@code values} is null). */
    record Reference(String invalid, int weightBits, int inputBits, int[] sizes, float[][][] values, long[][][] words) {
        static Reference invalid(String why) {
            return new Reference(why, 0, 0, null, null, null);
        }
    }

    /** An independent reader: the documented layout and rules, on a whole array, no shared code with ModelFile. */
    static Reference reference(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        if (b.length < 20) {
            return Reference.invalid("shorter than the fixed header");
        }
        int magic = buf.getInt();
        int version = buf.getInt();
        int layers = buf.getInt();
        int bits = buf.getInt();
        int inputBits = buf.getInt();
        if (magic != 0x4253544D || version != 1 || layers < 1 || layers > 64 || (bits != 1 && bits != 2)
                || Integer.bitCount(inputBits) != 1 || inputBits > 8) {
            return Reference.invalid("fixed header");
        }
        if (b.length < 20 + 4L * (layers + 1)) {
            return Reference.invalid("ends inside the widths");
        }
        int[] sizes = new int[layers + 1];
        long expected = 20 + 4L * (layers + 1) + 4;
        for (int i = 0; i <= layers; i++) {
            sizes[i] = buf.getInt();
            if (sizes[i] < 1 || sizes[i] > 1 << 20) {
                return Reference.invalid("width");
            }
        }
        for (int l = 0; l < layers; l++) {
            expected += 4 + 16L * sizes[l + 1] + 8L * bits * sizes[l + 1] * ((sizes[l] + 63) / 64);
        }
        if (b.length != expected) {
            return Reference.invalid("length " + b.length + " != " + expected);
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(b).getInt(b.length - 4)) {
            return Reference.invalid("CRC");
        }
        float[][][] values = new float[layers][5][];
        long[][][] words = new long[layers][bits][];
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            values[l][0] = new float[] {buf.getFloat()};
            for (int f = 1; f <= 4; f++) {
                values[l][f] = new float[out];
                for (int j = 0; j < out; j++) {
                    values[l][f][j] = buf.getFloat();
                }
            }
            int perRow = (in + 63) / 64;
            for (int p = 0; p < bits; p++) {
                words[l][p] = new long[out * perRow];
                for (int i = 0; i < words[l][p].length; i++) {
                    words[l][p][i] = buf.getLong();
                    boolean lastOfRow = i % perRow == perRow - 1;
                    if (lastOfRow && in % 64 != 0 && words[l][p][i] >>> (in % 64) != 0) {
                        return Reference.invalid("padding");
                    }
                }
            }
            float scale = values[l][0][0];
            if (!(Float.isFinite(scale) && scale > 0)) {
                return Reference.invalid("scale");
            }
            for (int f = 1; f <= 4; f++) {
                for (float v : values[l][f]) {
                    if (!Float.isFinite(v) || f == 4 && v < 0) {
                        return Reference.invalid("parameter");
                    }
                }
            }
            if (l == layers - 1) { // the class scores: gamma unit / std and beta - gamma mean / std, as float32
                double unit = scale / (bits == 2 ? 2.0 : 1.0) / (l == 0 ? (1 << inputBits) - 1 : 1);
                for (int j = 0; j < out; j++) {
                    double std = Math.sqrt(values[l][4][j] + 1e-4f); // the sum in float, as documented
                    float a = (float) (values[l][1][j] * unit / std);
                    float c = (float) (values[l][2][j] - (double) values[l][1][j] * values[l][3][j] / std);
                    if (!Float.isFinite(a) || !Float.isFinite(c)) {
                        return Reference.invalid("class score overflows");
                    }
                }
            }
        }
        return new Reference(null, bits, inputBits, sizes, values, words);
    }

    static byte[] withCrc(byte[] bytes) {
        return ModelFileTest.withCrc(bytes);
    }

    private static byte[] seed(String resource) throws IOException {
        try (InputStream in = ModelFileFuzzTest.class.getResourceAsStream("/models/" + resource)) {
            return in.readAllBytes();
        }
    }

    @Test
    void everyMutantIsRejectedClearlyOrReadExactly() throws IOException {
        List<byte[]> seeds = List.of(seed("random-100-33-7-binary-in8-s43.bsm"),
                seed("random-100-65-130-7-2bit-in4-s42.bsm"),
                ModelFile.toBytes(PackedMlp.random(new int[] {70, 5}, WeightQuantizer.TWO_BIT, 1, 3)));
        SplittableRandom rnd = new SplittableRandom(20261130);
        MutantVerdicts verdicts = new MutantVerdicts();
        for (int m = 0; m < MUTANTS; m++) {
            byte[] original = seeds.get(m % seeds.size());
            String kind = mutationKind(m);
            byte[] mutant = mutate(kind, original, rnd);
            Reference ref = reference(mutant);
            Path file = Files.write(dir.resolve("m" + m + ".bsm"), mutant);
            verdicts.check("mutant " + m + " (" + kind + ", " + mutant.length + " bytes)", file,
                    () -> PackedMlp.load(file), ref.invalid(), model -> difference(model, ref),
                    (long) BYTES_PER_FILE_BYTE * mutant.length + FIXED_BYTES);
        }
        assertThat(verdicts.problems()).isEmpty();
        // the mutations reach both sides: the checks after the checksum and valid files that differ from the seed
        assertThat(verdicts.rejected()).isGreaterThan(MUTANTS / 2);
        assertThat(verdicts.read()).isGreaterThan(MUTANTS / 20);
    }

    /** Where a model read differs from the reference's values, or null. */
    private static String difference(PackedMlp model, Reference ref) {
        if (!Arrays.equals(model.sizes(), ref.sizes()) || model.weightBits() != ref.weightBits()
                || model.inputBits() != ref.inputBits()) {
            return "shape " + model.arch() + " " + model.weightBits() + "/" + model.inputBits();
        }
        for (int l = 0; l < ref.sizes().length - 1; l++) {
            PackedLayer layer = model.layer(l);
            BatchNorm bn = layer.norm();
            float[][] got = {{layer.scale()}, bn.gamma(), bn.beta(), bn.mean(), bn.var()};
            for (int f = 0; f < got.length; f++) {
                if (!Arrays.equals(got[f], ref.values()[l][f])) {
                    return "layer " + l + " field " + f;
                }
            }
            for (int p = 0; p < ref.weightBits(); p++) {
                BitMatrix plane = layer.planes()[p];
                int perRow = plane.wordsPerRow();
                for (int r = 0; r < plane.rows(); r++) {
                    long[] expected = Arrays.copyOfRange(ref.words()[l][p], r * perRow, (r + 1) * perRow);
                    if (!Arrays.equals(plane.rowWords(r), expected)) {
                        return "layer " + l + " plane " + p + " row " + r;
                    }
                }
            }
        }
        return null;
    }

    private static final String[] KINDS = {"truncate", "flip", "flip+crc", "header extreme", "header extreme+crc",
        "parameter extreme+crc", "weight bits+crc", "padding+crc", "append", "append+crc"};

    private static String mutationKind(int m) {
        return KINDS[m % KINDS.length];
    }

    private static final int[] INT_EXTREMES = {0, 1, -1, 2, 3, 4, 7, 8, 9, 63, 64, 65, 1 << 20, (1 << 20) + 1,
        Integer.MAX_VALUE, Integer.MIN_VALUE, 0x4253544D};
    private static final float[] FLOAT_EXTREMES = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f,
        -0f, -1f, 1e-30f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e20f, 3f};

    static byte[] mutate(String kind, byte[] original, SplittableRandom rnd) {
        byte[] b = original.clone();
        ByteBuffer buf = ByteBuffer.wrap(b);
        int layers = buf.getInt(8);
        int header = 20 + 4 * (layers + 1);
        switch (kind) {
            case "truncate" -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
            case "flip", "flip+crc" -> {
                for (int i = rnd.nextInt(1, 4); i > 0; i--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case "header extreme", "header extreme+crc" -> {
                int field = rnd.nextInt(header / 4);
                int value = rnd.nextInt(4) == 0 ? buf.getInt(4 * field) + rnd.nextInt(-2, 3)
                        : INT_EXTREMES[rnd.nextInt(INT_EXTREMES.length)];
                buf.putInt(4 * field, value);
            }
            case "parameter extreme+crc" -> {
                int layerStart = header;
                int l = rnd.nextInt(layers);
                for (int i = 0; i < l; i++) {
                    layerStart += layerBytes(buf, i);
                }
                int out = buf.getInt(16 + 4 * (l + 2));
                int offset = rnd.nextInt(5) == 0 ? 0 : 4 + 4 * rnd.nextInt(4 * out);
                buf.putFloat(layerStart + offset, FLOAT_EXTREMES[rnd.nextInt(FLOAT_EXTREMES.length)]);
            }
            case "weight bits+crc" -> {
                int l = rnd.nextInt(layers);
                int start = header;
                for (int i = 0; i < l; i++) {
                    start += layerBytes(buf, i);
                }
                int out = buf.getInt(16 + 4 * (l + 2));
                start += 4 + 16 * out;
                int planesBytes = layerBytes(buf, l) - 4 - 16 * out;
                b[start + rnd.nextInt(planesBytes)] ^= (byte) (1 << rnd.nextInt(8)); // sometimes a padding bit
            }
            case "padding+crc" -> {
                int in = buf.getInt(20);
                int out = buf.getInt(24);
                if (in % 64 != 0) { // row 0 of layer 0's plane 0: set a bit past column `in`
                    int word = header + 4 + 16 * out + 8 * ((in - 1) / 64);
                    int bit = rnd.nextInt(in % 64, 64);
                    buf.putLong(word, buf.getLong(word) | 1L << bit);
                }
            }
            case "append", "append+crc" -> {
                int extra = rnd.nextInt(1, 64);
                b = Arrays.copyOf(b, b.length + extra);
                for (int i = original.length; i < b.length; i++) {
                    b[i] = (byte) rnd.nextInt(256);
                }
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return kind.endsWith("+crc") && b.length >= 4 ? withCrc(b) : b;
    }

    /** Bytes of layer {@code l} of a file whose header is intact. */
    private static int layerBytes(ByteBuffer buf, int l) {
        int bits = buf.getInt(12);
        int in = buf.getInt(20 + 4 * l);
        int out = buf.getInt(24 + 4 * l);
        return 4 + 16 * out + 8 * bits * out * ((in + 63) / 64);
    }
}

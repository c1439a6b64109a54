package dev.bitste.nn;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.PackedBits;
import dev.bitste.util.AtomicFiles;
import dev.bitste.util.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * The model file (docs/model-format.md): version 1 holds a {@link PackedMlp}, version 2 a {@link PackedCnn}
 * ({@link CnnModelFile}). Writing it atomically, never over an existing file, and reading either version with a clear
 * error for a missing, truncated, corrupt or foreign file.
 */
public final class ModelFile {
    /** File magic: the bytes {@code BSTM}. */
    public static final int MAGIC = 0x4253544D;
    /** The version of MLP files. */
    public static final int VERSION = 1;
    static final int MAX_LAYERS = 64;
    static final int MAX_WIDTH = 1 << 20;

    private ModelFile() {
    }

    /** The model file's bytes. */
    public static byte[] toBytes(PackedMlp model) {
        int[] sizes = model.sizes();
        int layers = sizes.length - 1;
        long size = headerBytes(layers);
        for (int l = 0; l < layers; l++) {
            size += layerBytes(sizes[l], sizes[l + 1], model.weightBits());
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size + 4));
        buf.putInt(MAGIC).putInt(VERSION).putInt(layers).putInt(model.weightBits()).putInt(model.inputBits());
        for (int s : sizes) {
            buf.putInt(s);
        }
        for (int l = 0; l < layers; l++) {
            PackedLayer layer = model.layer(l);
            buf.putFloat(layer.scale());
            BatchNorm bn = layer.norm();
            for (float[] v : new float[][] {bn.gamma(), bn.beta(), bn.mean(), bn.var()}) {
                for (float f : v) {
                    buf.putFloat(f);
                }
            }
            for (BitMatrix plane : layer.planes()) {
                for (int r = 0; r < plane.rows(); r++) {
                    for (long w : plane.rowWords(r)) {
                        buf.putLong(w);
                    }
                }
            }
        }
        buf.putInt((int) crc(buf.array(), (int) size));
        return buf.array();
    }

    private static int headerBytes(int layers) {
        return 5 * 4 + 4 * (layers + 1);
    }

    private static long layerBytes(long in, long out, int bits) {
        return 4 + 16 * out + bits * out * PackedBits.wordsFor((int) in) * 8L;
    }

    /** Writes {@code model} to a new file, atomically; an existing file is never overwritten. */
    public static Path write(PackedModel model, Path file) {
        Checks.notNull("model", model);
        byte[] bytes = model instanceof PackedCnn cnn ? CnnModelFile.toBytes(cnn) : toBytes((PackedMlp) model);
        return AtomicFiles.writeNew(Checks.notNull("file", file), bytes);
    }

    /** The bytes of a CNN's model file (version 2). */
    public static byte[] toBytes(PackedCnn model) {
        return CnnModelFile.toBytes(Checks.notNull("model", model));
    }

    /** Size of a file in bytes. */
    public static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a model file of either version. */
    public static PackedModel read(Path file) {
        Checks.notNull("file", file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("model file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        return fromBytes(bytes, file.toString());
    }

    /** Parses the bytes of a model file of either version; {@code source} names it in error messages. */
    public static PackedModel fromBytes(byte[] bytes, String source) {
        ByteBuffer buf = ByteBuffer.wrap(Checks.notNull("bytes", bytes));
        try {
            int magic = buf.getInt();
            if (magic != MAGIC) {
                throw new IllegalArgumentException(String.format(
                        "%s is not a bitste model file: magic 0x%08x, expected 0x%08x (\"BSTM\")", source, magic, MAGIC));
            }
            int version = buf.getInt();
            if (version == CnnModelFile.VERSION) {
                return CnnModelFile.fromBytes(buf, bytes, source);
            }
            if (version != VERSION) {
                throw new IllegalArgumentException(source + " has model format version " + version
                        + ", this build reads versions " + VERSION + " (MLP) and " + CnnModelFile.VERSION + " (CNN)");
            }
            int count = buf.getInt();
            int bits = buf.getInt();
            if (count < 1 || count > MAX_LAYERS) {
                throw new IllegalArgumentException(source + " declares " + count + " layers (corrupt header?)");
            }
            if (bits != 1 && bits != 2) {
                throw new IllegalArgumentException(source + " declares " + bits + "-bit weights (only 1 or 2)");
            }
            int inputBits = buf.getInt();
            if (inputBits != 1 && inputBits != 2 && inputBits != 4 && inputBits != 8) {
                throw new IllegalArgumentException(source + " declares " + inputBits + "-bit inputs (only 1, 2, 4, 8)");
            }
            int[] sizes = new int[count + 1];
            for (int i = 0; i <= count; i++) {
                sizes[i] = buf.getInt();
                if (sizes[i] < 1 || sizes[i] > MAX_WIDTH) {
                    throw new IllegalArgumentException(source + " declares layer width " + sizes[i] + " (corrupt header?)");
                }
            }
            long expected = headerBytes(count) + 4L;
            for (int l = 0; l < count; l++) {
                expected += layerBytes(sizes[l], sizes[l + 1], bits);
            }
            checkSizeAndChecksum(bytes, expected, source, count + " layers");
            PackedLayer[] layers = new PackedLayer[count];
            for (int l = 0; l < count; l++) {
                layers[l] = readLayer(buf, sizes[l], sizes[l + 1], bits);
            }
            return new PackedMlp(sizes, bits, inputBits, layers);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException(source + " is truncated: " + bytes.length + " bytes end inside the header");
        }
    }

    /**
     * Checks that the file is exactly {@code expected} bytes long (the header, describing {@code what}, says so) and
     * that its last 4 bytes are the CRC-32 of the others.
     */
    static void checkSizeAndChecksum(byte[] bytes, long expected, String source, String what) {
        if (bytes.length < expected) {
            throw new IllegalArgumentException(source + " is truncated: " + bytes.length + " bytes, the header (" + what
                    + ") needs " + expected);
        }
        if (bytes.length > expected) {
            throw new IllegalArgumentException(source + " has " + (bytes.length - expected)
                    + " unexpected trailing bytes after the checksum");
        }
        int computed = (int) crc(bytes, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if (stored != computed) {
            throw new IllegalArgumentException(String.format("%s is corrupt: CRC32 0x%08x, stored 0x%08x", source,
                    computed, stored));
        }
    }

    /** CRC-32 of {@code bytes[0 .. length)}. */
    static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    private static PackedLayer readLayer(ByteBuffer buf, int in, int out, int bits) {
        float scale = buf.getFloat();
        float[][] bn = new float[4][out];
        for (float[] v : bn) {
            for (int j = 0; j < out; j++) {
                v[j] = buf.getFloat();
            }
        }
        BitMatrix[] planes = new BitMatrix[bits];
        for (int p = 0; p < bits; p++) {
            long[] words = new long[out * PackedBits.wordsFor(in)];
            for (int i = 0; i < words.length; i++) {
                words[i] = buf.getLong();
            }
            planes[p] = BitMatrix.ofWords(words, out, in);
        }
        return new PackedLayer(in, out, scale, new BatchNorm(bn[0], bn[1], bn[2], bn[3]), planes);
    }
}

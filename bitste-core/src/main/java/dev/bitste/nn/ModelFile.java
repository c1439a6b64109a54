package dev.bitste.nn;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.PackedBits;
import dev.bitste.util.AtomicFiles;
import dev.bitste.util.Checks;
import dev.bitste.util.FileFormatException;
import dev.bitste.util.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * The model file (docs/model-format.md): version 1 holds a {@link PackedMlp}, version 2 a {@link PackedCnn}
 * ({@link CnnModelFile}). Writing it atomically, never over an existing file, and reading either version with a clear
 * error ({@link FileFormatException}) for a truncated, corrupt or foreign file or one whose parameters no trained
 * model has.
 */
public final class ModelFile {
    /** File magic: the bytes {@code BSTM}. */
    public static final int MAGIC = 0x4253544D;
    /** The version of MLP files ({@link CnnModelFile#VERSION} is the CNNs'). */
    public static final int VERSION = 1;
    static final int MAX_LAYERS = 64;
    static final int MAX_WIDTH = 1 << 20;
    /** Largest file this build reads: it is held in one array while its checksum and parameters are checked. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

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

    /** The bytes of a CNN's model file (version 2). */
    public static byte[] toBytes(PackedCnn model) {
        return CnnModelFile.toBytes(Checks.notNull("model", model));
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
        byte[] bytes = model instanceof PackedCnn cnn ? toBytes(cnn) : toBytes((PackedMlp) model);
        return AtomicFiles.writeNew(Checks.notNull("file", file), bytes);
    }

    /** Size of a file in bytes. */
    public static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a model file: the header first, checked against the file's length, then exactly the bytes it
     * implies (so a huge or endless file is rejected before anything large is allocated), then the checksum and
     * every parameter.
     *
     * @throws FileFormatException for anything but a valid model file (message naming the file)
     * @throws IllegalArgumentException if the file does not exist
     * @throws UncheckedIOException if it cannot be read
     */
    public static PackedModel read(Path file) {
        Checks.notNull("file", file);
        if (Files.isDirectory(file)) {
            throw new FileFormatException("model file " + file + " is a directory, not a model file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, Files.isRegularFile(file) ? Files.size(file) : -1, file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("model file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + file + ": " + IoErrors.describe(e), e);
        }
    }

    /** Reads a model from {@code in}, {@code length} bytes long if known (else -1). */
    private static PackedModel read(InputStream in, long length, String source) throws IOException {
        byte[] head = in.readNBytes(Math.max(headerBytes(MAX_LAYERS), CnnModelFile.MAX_HEADER_BYTES));
        FileHeader h = parseHeader(head, head.length, length, source);
        long expected = h.fileBytes();
        if (length >= 0) {
            checkLength(length, h, source);
        }
        if (expected > MAX_FILE_BYTES) {
            throw new FileFormatException(source + " declares " + h.describe() + ": a file of " + expected
                    + " bytes, more than this build reads (" + MAX_FILE_BYTES + ")");
        }
        byte[] bytes = Arrays.copyOf(head, (int) expected);
        int got = head.length >= expected ? (int) expected
                : head.length + in.readNBytes(bytes, head.length, bytes.length - head.length);
        if (got < expected) {
            checkLength(got, h, source);
        }
        if (head.length > expected || in.read() >= 0) {
            throw new FileFormatException(source + " has unexpected trailing bytes after the checksum");
        }
        return decode(bytes, h, source);
    }

    /**
     * Parses the bytes of a model file; {@code source} names it in error messages.
     *
     * @throws FileFormatException for anything but a valid model file
     */
    public static PackedModel fromBytes(byte[] bytes, String source) {
        Checks.notNull("bytes", bytes);
        FileHeader h = parseHeader(bytes, bytes.length, bytes.length, source);
        checkLength(bytes.length, h, source);
        return decode(bytes, h, source);
    }

    /** What the header of either version tells the reader: the file's length and how to decode the whole file. */
    interface FileHeader {
        /** Length of the whole file the header implies. */
        long fileBytes();

        /** What the header declares, for messages, e.g. {@code 3 layers, 784-512-512-10}. */
        String describe();

        /** The model of a file of exactly {@link #fileBytes()} bytes whose checksum is right. */
        PackedModel decode(byte[] bytes, String source);
    }

    /**
     * Parses the header of either version from the first {@code available} bytes of {@code b}; {@code length} (or -1)
     * is the file's length, for the message when they end inside the header.
     */
    private static FileHeader parseHeader(byte[] b, int available, long length, String source) {
        ByteBuffer buf = ByteBuffer.wrap(b, 0, available);
        try {
            int magic = buf.getInt();
            if (magic != MAGIC) {
                throw new FileFormatException(String.format(
                        "%s is not a bitste model file: magic 0x%08x, expected 0x%08x (\"BSTM\")", source, magic, MAGIC));
            }
            int version = buf.getInt();
            if (version == CnnModelFile.VERSION) {
                return CnnModelFile.Header.parse(buf, source);
            }
            if (version != VERSION) {
                throw new FileFormatException(source + " has model format version " + version + ", this build reads"
                        + " versions " + VERSION + " (MLP) and " + CnnModelFile.VERSION + " (CNN)");
            }
            return Header.parse(buf, source);
        } catch (BufferUnderflowException e) {
            throw new FileFormatException(source + " is truncated: " + (length >= 0 ? length : available)
                    + " bytes end inside the header");
        }
    }

    /** The fixed fields and layer widths of an MLP file, checked; {@code fileBytes} is the length they imply. */
    private record Header(int layers, int weightBits, int inputBits, int[] sizes, long fileBytes) implements FileHeader {

        /** Parses the rest of a version-1 header (after the magic and the version). */
        static Header parse(ByteBuffer buf, String source) {
            int count = buf.getInt();
            int bits = buf.getInt();
            if (count < 1 || count > MAX_LAYERS) {
                throw new FileFormatException(source + " declares " + count + " layers (1.." + MAX_LAYERS
                        + "; corrupt header?)");
            }
            if (bits != 1 && bits != 2) {
                throw new FileFormatException(source + " declares " + bits + "-bit weights (only 1 or 2)");
            }
            int inputBits = buf.getInt();
            if (inputBits != 1 && inputBits != 2 && inputBits != 4 && inputBits != 8) {
                throw new FileFormatException(source + " declares " + inputBits
                        + "-bit inputs (only 1, 2, 4, 8)");
            }
            int[] sizes = new int[count + 1];
            long fileBytes = headerBytes(count) + 4L;
            for (int i = 0; i <= count; i++) {
                sizes[i] = buf.getInt();
                if (sizes[i] < 1 || sizes[i] > MAX_WIDTH) {
                    throw new FileFormatException(source + " declares layer width " + sizes[i] + " (1.." + MAX_WIDTH
                            + "; corrupt header?)");
                }
            }
            for (int l = 0; l < count; l++) {
                fileBytes += layerBytes(sizes[l], sizes[l + 1], bits);
            }
            return new Header(count, bits, inputBits, sizes, fileBytes);
        }

        @Override
        public String describe() {
            return layers + " layers, " + Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining("-"));
        }

        @Override
        public PackedModel decode(byte[] bytes, String source) {
            ByteBuffer buf = ByteBuffer.wrap(bytes, headerBytes(layers), bytes.length - headerBytes(layers));
            PackedLayer[] packed = new PackedLayer[layers];
            for (int l = 0; l < layers; l++) {
                packed[l] = readLayer(buf, l, sizes[l], sizes[l + 1], weightBits, source);
            }
            try {
                return new PackedMlp(sizes, weightBits, inputBits, packed);
            } catch (IllegalArgumentException e) { // an impossible parameter, named by PackedMlp's checks
                throw new FileFormatException(source + ": " + e.getMessage(), e);
            }
        }
    }

    private static void checkLength(long length, FileHeader h, String source) {
        if (length < h.fileBytes()) {
            throw new FileFormatException(source + " is truncated: " + length + " bytes, the header ("
                    + h.describe() + ") needs " + h.fileBytes());
        }
        if (length > h.fileBytes()) {
            throw new FileFormatException(source + " has " + (length - h.fileBytes())
                    + " unexpected trailing bytes after the checksum");
        }
    }

    /** Checks the CRC, then decodes every parameter of a file of exactly the header's length. */
    private static PackedModel decode(byte[] bytes, FileHeader h, String source) {
        int computed = (int) crc(bytes, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if (stored != computed) {
            throw new FileFormatException(String.format("%s is corrupt: CRC32 0x%08x, stored 0x%08x", source,
                    computed, stored));
        }
        return h.decode(bytes, source);
    }

    /** CRC-32 of {@code bytes[0 .. length)}. */
    static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    private static PackedLayer readLayer(ByteBuffer buf, int l, int in, int out, int bits, String source) {
        float scale = buf.getFloat();
        float[][] bn = new float[4][out];
        for (float[] v : bn) {
            for (int j = 0; j < out; j++) {
                v[j] = buf.getFloat();
            }
        }
        BitMatrix[] planes = new BitMatrix[bits];
        int perRow = PackedBits.wordsFor(in);
        long padding = ~PackedBits.lastWordMask(in);
        for (int p = 0; p < bits; p++) {
            long[] words = new long[out * perRow];
            for (int i = 0; i < words.length; i++) {
                words[i] = buf.getLong();
            }
            for (int r = 0; r < out; r++) {
                if ((words[r * perRow + perRow - 1] & padding) != 0) {
                    throw new FileFormatException(source + ": layer " + l + " weight plane " + p + " row " + r
                            + " has padding bits set past column " + in + " (must be zero; corrupt file?)");
                }
            }
            planes[p] = BitMatrix.ofWords(words, out, in);
        }
        return new PackedLayer(in, out, scale, new BatchNorm(bn[0], bn[1], bn[2], bn[3]), planes);
    }
}

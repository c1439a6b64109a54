package dev.bitste.data;

import dev.bitste.util.Checks;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads unsigned-byte IDX files (the MNIST format: magic {@code 0x0000 08 D}, D big-endian dimension sizes,
 * then the bytes), gzipped or not: gzip is recognised by its own magic, not by the file name.
 */
public final class IdxReader {
    private static final int UBYTE = 0x08;

    private IdxReader() {
    }

    /** An IDX array of unsigned bytes: its dimensions (first = count) and the row-major data. */
    public record IdxArray(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }

        /** Product of the dimensions after the first (784 for 28 x 28 images, 1 for labels). */
        public int itemSize() {
            int s = 1;
            for (int i = 1; i < dims.length; i++) {
                s *= dims[i];
            }
            return s;
        }
    }

    /** Reads {@code file}, requiring exactly {@code expectedDims} dimensions of unsigned bytes. */
    public static IdxArray read(Path file, int expectedDims) {
        Checks.notNull("file", file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f & raw.read() == 0x8b;
            raw.reset();
            try (DataInputStream in = new DataInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw)) {
                return read(in, file, expectedDims);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("IDX file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read IDX file " + file + ": " + e.getMessage(), e);
        }
    }

    private static IdxArray read(DataInputStream in, Path file, int expectedDims) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IllegalArgumentException("IDX file " + file + " is truncated: no 4-byte magic number");
        }
        int expectedMagic = UBYTE << 8 | expectedDims;
        if (magic != expectedMagic) {
            throw new IllegalArgumentException(String.format(
                    "IDX file %s has magic number 0x%08x, expected 0x%08x (unsigned bytes, %d dimensions)",
                    file, magic, expectedMagic, expectedDims));
        }
        int[] dims = new int[expectedDims];
        long total = 1;
        for (int i = 0; i < expectedDims; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new IllegalArgumentException("IDX file " + file + " is truncated in its header (dimension "
                        + i + " of " + expectedDims + ")");
            }
            if (dims[i] <= 0) {
                throw new IllegalArgumentException("IDX file " + file + " has dimension " + i + " = " + dims[i]
                        + " (must be positive)");
            }
            total *= dims[i];
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("IDX file " + file + " declares " + total + " bytes "
                    + Arrays.toString(dims) + ", too many for one array");
        }
        byte[] data = new byte[(int) total];
        int got = in.readNBytes(data, 0, data.length);
        if (got < data.length) {
            throw new IllegalArgumentException("IDX file " + file + " is truncated: dimensions "
                    + Arrays.toString(dims) + " need " + data.length + " data bytes, found " + got);
        }
        return new IdxArray(dims, data);
    }
}

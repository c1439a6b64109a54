package dev.bitste.data;

import dev.bitste.util.Checks;
import dev.bitste.util.FileFormatException;
import dev.bitste.util.IoErrors;
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
import java.util.zip.ZipException;

/**
 * Reads unsigned-byte IDX files (the MNIST format: magic {@code 0x0000 08 D}, D big-endian dimension sizes,
 * then the bytes), gzipped or not: gzip is recognised by its own magic, not by the file name.
 *
 * <p>Everything is verified: the header must account for every byte of the file (no missing data, nothing
 * after it), and a gzipped file is read to its very end, so its CRC-32 and length trailer are checked and
 * anything after the gzip data is rejected ({@link GzipStream}). The header is checked against the file's length
 * before the data are allocated (for a gzipped file, whose length says little, the array grows with the data
 * actually read, up to the declared size), so a corrupt header costs no memory.
 */
public final class IdxReader {
    private static final int UBYTE = 0x08;
    /** The largest array HotSpot allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** First capacity when the data's length is not known in advance (gzip); it doubles from there. */
    private static final int FIRST_CHUNK = 1 << 16;

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

    /**
     * Reads {@code file}, requiring exactly {@code expectedDims} dimensions of unsigned bytes.
     *
     * @throws FileFormatException for anything but a sound IDX file (message naming the file)
     * @throws IllegalArgumentException if the file does not exist
     * @throws UncheckedIOException if it cannot be read
     */
    public static IdxArray read(Path file, int expectedDims) {
        Checks.notNull("file", file);
        if (Files.isDirectory(file)) {
            throw new FileFormatException("IDX file " + file + " is a directory");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f & raw.read() == 0x8b;
            raw.reset();
            long length = !gzip && Files.isRegularFile(file) ? Files.size(file) : -1;
            try (InputStream in = gzip ? new GzipStream(raw) : raw) {
                return read(new DataInputStream(in), file, expectedDims, length);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("IDX file " + file + " does not exist");
        } catch (ZipException e) {
            throw new FileFormatException("IDX file " + file + " is not a sound gzip file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read IDX file " + file + ": " + IoErrors.describe(e), e);
        }
    }

    /** Reads the IDX content from {@code in}, whose length is {@code length} bytes if known, else -1. */
    private static IdxArray read(DataInputStream in, Path file, int expectedDims, long length) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new FileFormatException("IDX file " + file + " is truncated: no 4-byte magic number");
        }
        int expectedMagic = UBYTE << 8 | expectedDims;
        if (magic != expectedMagic) {
            throw new FileFormatException(String.format(
                    "IDX file %s has magic number 0x%08x, expected 0x%08x (unsigned bytes, %d dimensions)",
                    file, magic, expectedMagic, expectedDims));
        }
        int[] dims = new int[expectedDims];
        long total = 1;
        for (int i = 0; i < expectedDims; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new FileFormatException("IDX file " + file + " is truncated in its header (dimension "
                        + i + " of " + expectedDims + ")");
            }
            if (dims[i] <= 0) {
                throw new FileFormatException("IDX file " + file + " has dimension " + i + " = " + dims[i]
                        + " (must be positive)");
            }
            total *= dims[i]; // at most 3 factors below 2^31: no overflow of a long
        }
        long header = 4 + 4L * expectedDims;
        if (length >= 0 && length != header + total) {
            throw new FileFormatException("IDX file " + file + (length < header + total ? " is truncated" : " is too long")
                    + ": dimensions " + Arrays.toString(dims) + " need " + total + " data bytes, the file holds "
                    + (length - header));
        }
        if (total > MAX_ARRAY) {
            throw new FileFormatException("IDX file " + file + " declares " + total + " bytes "
                    + Arrays.toString(dims) + ", too many for one array");
        }
        byte[] data = readUpTo(in, (int) total, length >= 0);
        if (data.length < total) {
            throw new FileFormatException("IDX file " + file + " is truncated: dimensions "
                    + Arrays.toString(dims) + " need " + total + " data bytes, found " + data.length);
        }
        // reading on to the end is what checks a gzipped file's trailer and what follows it
        if (in.read() >= 0) {
            throw new FileFormatException("IDX file " + file + " holds more data than its dimensions "
                    + Arrays.toString(dims) + " declare (" + total + " bytes): the count does not match the data");
        }
        return new IdxArray(dims, data);
    }

    /**
     * Up to {@code n} bytes of {@code in}: in one array of n when the length was checked in advance, else in an
     * array that doubles as the data arrive (so a header that overstates the data costs at most twice what is there).
     */
    private static byte[] readUpTo(InputStream in, int n, boolean lengthChecked) throws IOException {
        if (lengthChecked) {
            byte[] data = new byte[n];
            int got = in.readNBytes(data, 0, n);
            return got == n ? data : Arrays.copyOf(data, got);
        }
        byte[] data = new byte[Math.min(n, FIRST_CHUNK)];
        int got = 0;
        while (true) {
            got += in.readNBytes(data, got, data.length - got);
            if (got < data.length || got == n) {
                return got == data.length ? data : Arrays.copyOf(data, got);
            }
            data = Arrays.copyOf(data, (int) Math.min(n, 2L * data.length));
        }
    }
}

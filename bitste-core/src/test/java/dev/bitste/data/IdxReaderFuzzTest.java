package dev.bitste.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.MutantVerdicts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of valid IDX files, plain and gzipped (truncations, flipped bytes, dimensions set to extremes,
 * counts that disagree with the data, gzip header flags, CRC and length trailers damaged, garbage or further
 * members appended), each read by {@link IdxReader} and by an independent reader written from the formats' specs
 * (IDX as in docs, gzip as in RFC 1952; {@link #reference}). Every mutant must be either rejected with a
 * {@link dev.bitste.util.FileFormatException} naming the file, when the reference finds it invalid, or read to exactly the
 * reference's dimensions and bytes; no other exception, and no more memory than a small multiple of the data.
 */
class IdxReaderFuzzTest {
    static final int MUTANTS = 320;
    static final int FIXED_BYTES = 512 << 10;

    @TempDir
    Path dir;

    /** Dimensions and data, or why the bytes are not a sound IDX file; {@code inflated}: bytes decompressed. */
    record Reference(String invalid, int[] dims, byte[] data, long inflated) {
    }

    /** The independent reader: gzip (when the file starts with its magic) then IDX of {@code dims} dimensions. */
    static Reference reference(byte[] file, int dims) {
        byte[] content = file;
        long inflated = 0;
        if (file.length >= 2 && (file[0] & 0xff) == 0x1f && (file[1] & 0xff) == 0x8b) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String why = gunzip(file, out);
            inflated = out.size();
            if (why != null) {
                return new Reference("gzip: " + why, null, null, inflated);
            }
            content = out.toByteArray();
        }
        ByteBuffer b = ByteBuffer.wrap(content);
        if (content.length < 4 + 4 * dims || b.getInt() != (0x800 | dims)) {
            return new Reference("magic or short header", null, null, inflated);
        }
        int[] d = new int[dims];
        long total = 1;
        for (int i = 0; i < dims; i++) {
            d[i] = b.getInt();
            if (d[i] <= 0) {
                return new Reference("dimension", null, null, inflated);
            }
            total *= d[i];
        }
        if (content.length - 4 - 4 * dims != total) {
            return new Reference("length", null, null, inflated);
        }
        return new Reference(null, d, Arrays.copyOfRange(content, 4 + 4 * dims, content.length), inflated);
    }

    /** RFC 1952 on a whole array: every member's header, deflate data and trailer; nothing else after them. */
    static String gunzip(byte[] f, ByteArrayOutputStream out) {
        int at = 0;
        do {
            if (f.length - at < 10 || (f[at] & 0xff) != 0x1f || (f[at + 1] & 0xff) != 0x8b || f[at + 2] != 8
                    || (f[at + 3] & 0xe0) != 0) {
                return "member header at " + at;
            }
            int flags = f[at + 3];
            int p = at + 10;
            if ((flags & 4) != 0) {
                if (p + 2 > f.length) {
                    return "extra length";
                }
                p += 2 + ((f[p] & 0xff) | (f[p + 1] & 0xff) << 8);
            }
            for (int flag : new int[] {8, 16}) { // file name, comment: zero-terminated
                if ((flags & flag) != 0) {
                    while (p < f.length && f[p] != 0) {
                        p++;
                    }
                    p++;
                }
            }
            if ((flags & 2) != 0) {
                if (p + 2 > f.length) {
                    return "header CRC";
                }
                CRC32 h = new CRC32();
                h.update(f, at, p - at);
                if (((f[p] & 0xff) | (f[p + 1] & 0xff) << 8) != ((int) h.getValue() & 0xffff)) {
                    return "header CRC";
                }
                p += 2;
            }
            if (p > f.length) {
                return "header past the end";
            }
            Inflater inf = new Inflater(true);
            inf.setInput(f, p, f.length - p);
            byte[] chunk = new byte[8192];
            CRC32 crc = new CRC32();
            long size = 0;
            try {
                while (!inf.finished()) {
                    int n = inf.inflate(chunk);
                    if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                        return "deflate data end early";
                    }
                    crc.update(chunk, 0, n);
                    out.write(chunk, 0, n);
                    size += n;
                }
            } catch (DataFormatException e) {
                return "deflate: " + e.getMessage();
            }
            int end = f.length - inf.getRemaining();
            inf.end();
            if (end + 8 > f.length) {
                return "trailer";
            }
            ByteBuffer t = ByteBuffer.wrap(f, end, 8).order(ByteOrder.LITTLE_ENDIAN);
            if (Integer.toUnsignedLong(t.getInt()) != crc.getValue()
                    || Integer.toUnsignedLong(t.getInt()) != (size & 0xffffffffL)) {
                return "trailer CRC or length";
            }
            at = end + 8;
        } while (at < f.length);
        return null;
    }

    @Test
    void everyMutantIsRejectedClearlyOrReadExactly() throws IOException {
        List<byte[]> seeds = List.of(
                IdxReaderTest.idx(0x803, new int[] {5, 28, 28}, IdxReaderTest.random(5 * 784, 256, 1)),
                IdxReaderTest.idx(0x801, new int[] {300}, IdxReaderTest.random(300, 10, 2)),
                IdxReaderTest.idx(0x803, new int[] {3, 7, 9}, new byte[3 * 7 * 9]));
        SplittableRandom rnd = new SplittableRandom(20261130);
        MutantVerdicts verdicts = new MutantVerdicts();
        for (int m = 0; m < MUTANTS; m++) {
            byte[] original = seeds.get(m % seeds.size());
            int dims = ByteBuffer.wrap(original).getInt() & 0xff;
            boolean gzip = m % 2 == 1;
            String[] kinds = gzip ? GZIP_KINDS : RAW_KINDS;
            String kind = kinds[(m / 2) % kinds.length];
            byte[] mutant = gzip ? mutateGzip(kind, original, rnd) : mutateRaw(kind, original, rnd);
            Path file = Files.write(dir.resolve("m" + m + (gzip ? ".gz" : "")), mutant);
            Reference ref = reference(mutant, dims);
            // the data once, at most twice more while an array of unknown final size grows, plus buffers
            verdicts.check("mutant " + m + " (" + (gzip ? "gzip " : "raw ") + kind + ", " + mutant.length + " bytes)",
                    file, () -> IdxReader.read(file, dims), ref.invalid(),
                    a -> Arrays.equals(a.dims(), ref.dims()) && Arrays.equals(a.data(), ref.data()) ? null
                            : "read " + Arrays.toString(a.dims()) + ", the reference " + Arrays.toString(ref.dims()),
                    4 * (mutant.length + ref.inflated()) + FIXED_BYTES);
        }
        assertThat(verdicts.problems()).isEmpty();
        assertThat(verdicts.rejected()).isGreaterThan(MUTANTS / 2);
        assertThat(verdicts.read()).isGreaterThan(MUTANTS / 20);
    }

    private static final String[] RAW_KINDS = {"truncate", "flip", "flip header", "dimension extreme",
        "count smaller", "count larger", "append"};
    private static final String[] GZIP_KINDS = {"truncate", "flip", "flip trailer", "crc", "isize", "append",
        "append member", "append zeros", "header flags", "content mutated"};
    private static final int[] INT_EXTREMES = {0, -1, 1, 2, Integer.MAX_VALUE, Integer.MIN_VALUE, 46340, 1 << 16,
        0x7fff_fff0};

    static byte[] mutateRaw(String kind, byte[] original, SplittableRandom rnd) {
        byte[] b = original.clone();
        ByteBuffer buf = ByteBuffer.wrap(b);
        int dims = b[3];
        switch (kind) {
            case "truncate" -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
            case "flip" -> {
                for (int i = rnd.nextInt(1, 4); i > 0; i--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case "flip header" -> b[rnd.nextInt(4 + 4 * dims)] ^= (byte) (1 << rnd.nextInt(8));
            case "dimension extreme" -> buf.putInt(4 + 4 * rnd.nextInt(dims), INT_EXTREMES[rnd.nextInt(INT_EXTREMES.length)]);
            case "count smaller" -> buf.putInt(4, buf.getInt(4) - rnd.nextInt(1, 3));
            case "count larger" -> buf.putInt(4, buf.getInt(4) + rnd.nextInt(1, 3));
            case "append" -> {
                int extra = rnd.nextInt(1, 100);
                b = Arrays.copyOf(b, b.length + extra);
                for (int i = original.length; i < b.length; i++) {
                    b[i] = (byte) rnd.nextInt(256);
                }
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return b;
    }

    static byte[] mutateGzip(String kind, byte[] content, SplittableRandom rnd) throws IOException {
        byte[] gz = IdxReaderTest.gzip(content);
        byte[] b = gz.clone();
        switch (kind) {
            case "truncate" -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
            case "flip" -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            case "flip trailer" -> b[b.length - 1 - rnd.nextInt(8)] ^= (byte) (1 << rnd.nextInt(8));
            case "crc" -> ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 8, rnd.nextInt());
            case "isize" -> ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4,
                    INT_EXTREMES[rnd.nextInt(INT_EXTREMES.length)]);
            case "append" -> {
                b = Arrays.copyOf(b, b.length + rnd.nextInt(1, 40));
                for (int i = gz.length; i < b.length; i++) {
                    b[i] = (byte) rnd.nextInt(256);
                }
                if (rnd.nextBoolean()) { // garbage that starts like a gzip header
                    b[gz.length] = 0x1f;
                    if (b.length > gz.length + 1) {
                        b[gz.length + 1] = (byte) 0x8b;
                    }
                }
            }
            case "append member" -> { // valid gzip; valid IDX only when the member is empty
                byte[] more = IdxReaderTest.gzip(rnd.nextBoolean() ? new byte[0] : new byte[] {1, 2, 3});
                b = Arrays.copyOf(b, b.length + more.length);
                System.arraycopy(more, 0, b, gz.length, more.length);
            }
            case "append zeros" -> b = Arrays.copyOf(b, b.length + rnd.nextInt(1, 600));
            case "header flags" -> b[3] = (byte) (1 << rnd.nextInt(8)); // FTEXT..FCOMMENT, or a reserved bit
            case "content mutated" -> b = IdxReaderTest.gzip(mutateRaw(RAW_KINDS[rnd.nextInt(RAW_KINDS.length)],
                    content, rnd));
            default -> throw new IllegalArgumentException(kind);
        }
        return b;
    }
}

package dev.bitste.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decompresses a gzip file (RFC 1952) and verifies all of it: each member's header (and its header CRC when
 * flagged), the deflate data, and its trailer (the CRC-32 and length of the data), and that nothing but further
 * members follows. {@link java.util.zip.GZIPInputStream} stops being careful at the end of a member: it ignores
 * bytes after the last one that are not a gzip header, and a reader that stops at the length it expects never
 * reaches the trailer at all. Here the trailer is checked as soon as the data end, and reading on to the end of
 * this stream (read() returning -1) is what proves the whole file sound.
 *
 * <p>Every problem is a {@link ZipException} whose message says what is wrong; other {@link IOException}s come
 * from the underlying stream.
 */
final class GzipStream extends InputStream {
    private static final int FTEXT_FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;
    private static final int RESERVED = 0xe0;

    private final InputStream in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[1 << 16];
    private final byte[] one = new byte[1];
    private int pos;
    private int limit;
    /** Offset in the compressed file of buf[0], for messages. */
    private long bufStart;
    private long memberBytes;
    private int members;
    private boolean done;

    /** Reads the first member's header from {@code in} (compressed bytes, from their first one). */
    GzipStream(InputStream in) throws IOException {
        this.in = in;
        if (!member()) {
            throw new ZipException("empty file (no gzip header)");
        }
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (!done) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException("corrupt deflate data in gzip member " + members + " near byte " + position()
                        + ": " + e.getMessage());
            }
            pos = limit - inflater.getRemaining();
            if (n > 0) {
                crc.update(b, off, n);
                memberBytes += n;
                return n;
            }
            if (inflater.finished()) {
                trailer();
                if (!member()) {
                    done = true;
                }
            } else if (inflater.needsDictionary()) {
                throw new ZipException("gzip member " + members + " asks for a preset dictionary (not gzip data)");
            } else if (inflater.needsInput()) {
                if (!fill()) {
                    throw new ZipException("truncated: the file ends inside the compressed data of gzip member "
                            + members + " (" + position() + " bytes)");
                }
                inflater.setInput(buf, pos, limit - pos);
            } else {
                throw new ZipException("gzip member " + members + ": the deflate data make no progress");
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }

    /** Starts the next member; false at the end of the file (where a member may end the stream). */
    private boolean member() throws IOException {
        if (pos == limit && !fill()) {
            return false;
        }
        long start = position();
        CRC32 headerCrc = new CRC32();
        int id1 = headerByte(headerCrc);
        int id2 = pos < limit || fill() ? headerByte(headerCrc) : -1;
        if (id1 != 0x1f || id2 != 0x8b) {
            throw new ZipException(members == 0 ? "not in gzip format (no 1f 8b magic)"
                    : "garbage after gzip member " + members + ": the bytes from offset " + start
                            + " are not another gzip member");
        }
        members++;
        int method = headerByte(headerCrc);
        if (method != 8) {
            throw new ZipException("gzip member " + members + " uses compression method " + method
                    + " (only 8, deflate)");
        }
        int flags = headerByte(headerCrc);
        if ((flags & RESERVED) != 0) {
            throw new ZipException(String.format("gzip member %d sets reserved flag bits (0x%02x)", members, flags));
        }
        skip(6, headerCrc); // MTIME, XFL, OS
        if ((flags & FEXTRA) != 0) {
            skip(headerByte(headerCrc) | headerByte(headerCrc) << 8, headerCrc);
        }
        if ((flags & FNAME) != 0) {
            while (headerByte(headerCrc) != 0) {
                // the original file name, zero-terminated
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (headerByte(headerCrc) != 0) {
                // a comment, zero-terminated
            }
        }
        if ((flags & FTEXT_FHCRC) != 0) {
            int expected = (int) headerCrc.getValue() & 0xffff;
            int stored = headerByte(null) | headerByte(null) << 8;
            if (stored != expected) {
                throw new ZipException(String.format("gzip member %d has a corrupt header: CRC16 0x%04x, stored 0x%04x",
                        members, expected, stored));
            }
        }
        inflater.reset();
        inflater.setInput(buf, pos, limit - pos);
        crc.reset();
        memberBytes = 0;
        return true;
    }

    /** Checks the member's trailer: CRC-32 and length (mod 2^32) of its data, little-endian. */
    private void trailer() throws IOException {
        long storedCrc = uint32();
        long storedSize = uint32();
        if (storedCrc != crc.getValue()) {
            throw new ZipException(String.format("corrupt: gzip member %d's data have CRC32 0x%08x, its trailer says "
                    + "0x%08x", members, crc.getValue(), storedCrc));
        }
        if (storedSize != (memberBytes & 0xffffffffL)) {
            throw new ZipException("corrupt: gzip member " + members + " holds " + memberBytes
                    + " bytes, its trailer says " + storedSize + " (mod 2^32)");
        }
    }

    private long uint32() throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (long) nextByte("its trailer") << (8 * i);
        }
        return v;
    }

    private int headerByte(CRC32 headerCrc) throws IOException {
        int b = nextByte("its header");
        if (headerCrc != null) {
            headerCrc.update(b);
        }
        return b;
    }

    private void skip(int n, CRC32 headerCrc) throws IOException {
        for (int i = 0; i < n; i++) {
            headerByte(headerCrc);
        }
    }

    private int nextByte(String where) throws IOException {
        if (pos == limit && !fill()) {
            throw new ZipException("truncated: the file ends inside " + where + " of gzip member " + members + " ("
                    + position() + " bytes)");
        }
        return buf[pos++] & 0xff;
    }

    /** Refills the buffer once all of it is used; false at the end of the file. */
    private boolean fill() throws IOException {
        bufStart += limit;
        pos = 0;
        limit = 0;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        limit = n;
        return true;
    }

    private long position() {
        return bufStart + pos;
    }
}

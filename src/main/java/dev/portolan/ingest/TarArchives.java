package dev.portolan.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tar archives given as inputs — a Linux support bundle ({@code sos report} writes {@code .tar.xz}), logs packed with
 * {@code tar -czf} — read as a folder, as a zip is ({@link ZipArchives}): each file inside is an input
 * ({@code bundle.tar.xz!/sosreport-web01/sos_commands/networking/ss_-peaonmi} in evidence). The archive may be plain or
 * compressed as any input may (gzip, xz, zstd, LZ4, bzip2). Nothing is unpacked to disk.
 * <p>
 * A tar is read front to back, so the archive is read once to list its files, keeping each file's first
 * {@link #HEAD_KEPT} bytes (enough to tell what it is: a support bundle's thousands of other files are never read
 * again); a file that is an input is then read from the archive again, up to its place. Formats: POSIX ustar and pax
 * (long names, sizes), GNU tar (long names, base-256 sizes), old V7 headers (checked by their checksum). Folders,
 * links, devices and hidden files are left out as a folder walk leaves them out.
 */
public final class TarArchives {
    private TarArchives() {
    }

    /** The first bytes of each file kept from the listing: more than format detection looks at ({@link Inputs#HEAD}). */
    static final int HEAD_KEPT = Inputs.HEAD + 16;

    private static final int BLOCK = 512;

    /**
     * Files listed from one archive at most: a support bundle holds thousands; a hostile one (millions of empty files
     * that compress to nothing) would otherwise cost {@link #HEAD_KEPT} bytes of memory each. The files past it are not
     * read, and that is said.
     */
    static final int MAX_FILES = 100_000;

    /**
     * Bytes of the files' first bytes kept from one listing at most (16,384 files' whole {@link #HEAD_KEPT}; a support
     * bundle's thousands of small files keep far less): an archive of more is listed up to there, and that is said.
     */
    static final long MAX_KEPT = 128L << 20;

    /**
     * True when a file that starts with {@code first} (its first bytes as stored) holds a tar archive: they are a tar
     * header, or they are compressed and the content starts with one.
     */
    static boolean isTar(Path path, byte[] first) {
        if (isHeader(first)) return true;
        if (first.length < 4 || Compression.of(first) == Compression.NONE) return false;
        try (InputStream in = Source.of(path).open()) {
            return isHeader(in.readNBytes(BLOCK));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A tar header block: a name, an octal checksum that adds up, and (other than V7 tar) the ustar magic. */
    static boolean isHeader(byte[] b) {
        // V7 tar writes a regular file's type as NUL, others '0'-'7'; the checksum is what tells a header from text
        if (b.length < BLOCK || b[0] == 0) return false;
        long stated;
        try {
            stated = octal(b, 148, 8);
        } catch (NumberFormatException e) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? ' ' : b[i] & 0xff;
        if (sum != stated) return false;
        return ascii(b, 257, 5).equals("ustar") || b[156] == 0 || b[156] >= '0' && b[156] <= '7';
    }

    /**
     * The inputs inside the archive, in its order. An archive damaged part way keeps the files before the damage and
     * says where it broke; one with no file at all (or damaged before the first) is unreadable.
     */
    static Archives.Listing list(Path tar) throws IOException {
        return list(tar, MAX_FILES, MAX_KEPT);
    }

    /** {@link #list(Path)} with at most {@code maxFiles} files listed and {@code maxKept} bytes of their heads kept. */
    static Archives.Listing list(Path tar, int maxFiles, long maxKept) throws IOException {
        return list(Source.of(tar), maxFiles, maxKept);
    }

    /**
     * {@link #list(Path)} of an archive that is no local file (a Hadoop or object-store file): it is opened through
     * {@code archive} again for an input past its first bytes, so it must be one that opens afresh (not standard input).
     */
    static Archives.Listing list(Source archive, int maxFiles, long maxKept) throws IOException {
        String tar = archive.name();
        List<Source> out = new ArrayList<>();
        String damage = null;
        long kept = 0;
        try (InputStream in = archive.open()) {
            Position at = new Position(in);
            String longName = null;
            String paxPath = null;
            long paxSize = -1;
            while (true) {
                byte[] h = at.block();
                if (h == null || isZeros(h)) break;
                if (!isHeader(h)) {
                    damage = past(tar, out) + "no valid header at byte " + (at.offset - BLOCK) + " of its content)";
                    break;
                }
                char type = (char) (h[156] & 0xff);
                long size = paxSize >= 0 ? paxSize : size(h);
                String name = paxPath != null ? paxPath : longName != null ? longName : name(h);
                if (type == 'L' || type == 'x') {
                    byte[] data = at.data(size);
                    if (type == 'L') {
                        longName = text(data, 0, data.length);
                    } else {
                        Pax pax = Pax.of(data);
                        paxPath = pax.path;
                        paxSize = pax.size;
                    }
                    continue;
                }
                longName = null;
                paxPath = null;
                paxSize = -1;
                if (size < 0) {
                    damage = past(tar, out) + "a file size that is not a number at byte " + (at.offset - BLOCK) + ")";
                    break;
                }
                if ((type == '0' || type == '\0' || type == '7') && !name.endsWith("/") && !ZipArchives.leftOut(name)) {
                    int headSize = (int) Math.min(size, HEAD_KEPT);
                    if (out.size() == maxFiles || kept + headSize > maxKept) {
                        damage = tar + ": more files in the archive than portolan lists from one (" + maxFiles + " files, or "
                                + (maxKept >> 20) + " MiB of their first bytes): the first " + out.size()
                                + " were read, the rest were not (unpack it and give portolan the folders that matter)";
                        break;
                    }
                    kept += headSize;
                    long start = at.offset;
                    byte[] head = at.peek(headSize);
                    out.add(Source.of(tar + ZipArchives.IN_ARCHIVE + name,
                            () -> new KeptHeadStream(archive.name(), head, size, () -> entry(archive, start))));
                }
                at.skipData(size);
            }
        } catch (EOFException e) {
            damage = past(tar, out) + "it ends inside a file)";
        } catch (IOException e) {
            if (out.isEmpty()) throw new UnreadableInputException(tar + ": the tar archive cannot be read (" + e.getMessage() + ")");
            damage = past(tar, out) + e.getMessage() + ")";
        }
        // damaged compression ends the content where it breaks, which may be between two files: said all the same
        if (damage == null && archive.damage().isPresent()) damage = past(tar, out) + archive.damage().get().describe() + ")";
        if (out.isEmpty()) {
            throw new UnreadableInputException(tar + (damage != null ? ": a damaged tar archive with no whole file in it"
                    : ": a tar archive with no file in it"));
        }
        return new Archives.Listing(out, damage);
    }

    /** The start of what is said of a damaged archive: the part of it that was not read. */
    private static String past(String tar, List<Source> read) {
        return tar + ": the tar archive is damaged after its first " + read.size() + " file(s), which were read (";
    }

    /** The content read so far (to the byte): where each file's data starts. */
    private static final class Position {
        private final InputStream in;
        long offset;
        private byte[] peeked;

        Position(InputStream in) {
            this.in = in;
        }

        /** The next 512-byte block; null at a clean end of the content. */
        byte[] block() throws IOException {
            byte[] b = in.readNBytes(BLOCK);
            offset += b.length;
            if (b.length == 0) return null;
            if (b.length < BLOCK) throw new EOFException();
            return b;
        }

        /** A header's data (a pax record, a long name), and its padding. */
        byte[] data(long size) throws IOException {
            if (size > 1 << 20) throw new IOException("an extended header of " + size + " bytes");
            byte[] d = in.readNBytes((int) size);
            offset += d.length;
            if (d.length < size) throw new EOFException();
            skip(padding(size));
            return d;
        }

        /** The first {@code n} bytes of the file whose data comes next, kept for {@link #skipData}. */
        byte[] peek(int n) throws IOException {
            peeked = in.readNBytes(n);
            if (peeked.length < n) throw new EOFException();
            return peeked;
        }

        void skipData(long size) throws IOException {
            long done = peeked == null ? 0 : peeked.length;
            offset += done;
            peeked = null;
            skip(size - done + padding(size));
        }

        private void skip(long n) throws IOException {
            in.skipNBytes(n);
            offset += n;
        }
    }

    /** The archive's content from a file's first byte (at {@code start}). */
    private static InputStream entry(Source tar, long start) throws IOException {
        InputStream in = tar.open();
        try {
            in.skipNBytes(start);
            return in;
        } catch (EOFException e) {
            in.close();
            throw new IOException(tar.name() + ": the archive changed while it was read");
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    /** The path and size a pax extended header sets for the next file ({@code "30 path=dir/very/long/name\n"}). */
    private record Pax(String path, long size) {
        static Pax of(byte[] data) {
            String path = null;
            long size = -1;
            int i = 0;
            while (i < data.length) {
                int space = i;
                while (space < data.length && data[space] != ' ') space++;
                int len;
                try {
                    len = Integer.parseInt(ascii(data, i, space - i));
                } catch (NumberFormatException e) {
                    break;
                }
                if (len <= 0 || i + len > data.length) break;
                int eq = space + 1;
                while (eq < i + len && data[eq] != '=') eq++;
                String key = ascii(data, space + 1, eq - space - 1);
                int valueEnd = i + len - 1; // the record's newline
                if (key.equals("path")) path = text(data, eq + 1, valueEnd - eq - 1);
                if (key.equals("size")) {
                    try {
                        size = Long.parseLong(ascii(data, eq + 1, valueEnd - eq - 1));
                    } catch (NumberFormatException e) {
                        size = -1;
                    }
                }
                i += len;
            }
            return new Pax(path, size);
        }
    }

    private static String name(byte[] h) {
        String name = field(h, 0, 100);
        if (ascii(h, 257, 5).equals("ustar")) {
            String prefix = field(h, 345, 155);
            if (!prefix.isEmpty()) name = prefix + "/" + name;
        }
        return name.startsWith("./") ? name.substring(2) : name;
    }

    /** The size field: octal digits, or (GNU, over 8 GiB) big-endian base 256 marked by the top bit. */
    private static long size(byte[] h) throws IOException {
        if ((h[124] & 0x80) != 0) {
            long v = 0;
            for (int i = 125; i < 136; i++) v = v << 8 | h[i] & 0xff;
            return v;
        }
        try {
            return octal(h, 124, 12);
        } catch (NumberFormatException e) {
            throw new IOException("a file size that is not a number");
        }
    }

    private static long octal(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && (b[i] == ' ' || b[i] == 0)) i++;
        long v = 0;
        int digits = 0;
        for (; i < end && b[i] >= '0' && b[i] <= '7'; i++, digits++) v = v * 8 + (b[i] - '0');
        for (; i < end; i++) if (b[i] != ' ' && b[i] != 0) throw new NumberFormatException();
        if (digits == 0) throw new NumberFormatException();
        return v;
    }

    /** A NUL-ended name field. */
    private static String field(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return text(b, off, end - off);
    }

    /** A name as UTF-8 (as pax says and tar writes in UTF-8 locales), else a byte for a character. */
    private static String text(byte[] b, int off, int len) {
        while (len > 0 && b[off + len - 1] == 0) len--;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, Math.max(0, Math.min(len, b.length - off)), StandardCharsets.ISO_8859_1);
    }

    private static boolean isZeros(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }
}

package dev.portolan.ingest;

import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.DeltaOptions;
import org.tukaani.xz.LZMA2InputStream;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.X86Options;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * 7-Zip archives given as inputs (logs a Windows administrator packed with 7-Zip), read as folders as zip archives are
 * ({@code logs.7z!/host/pfirewall.log} in evidence; nothing unpacked to disk). Written from the 7z format's description
 * (7zFormat.txt): the signature header, the (usually LZMA-packed) header with its pack, folder and substream
 * information and the files' names and attributes. Each file is read by decoding its folder from the start up to it.
 * Coders read: LZMA2 and LZMA (7-Zip's defaults), Copy, Deflate, BZip2, and the x86 (BCJ) and Delta filters in front of
 * them; a file packed otherwise (PPMd, BCJ2, ARM filters) or encrypted is unreadable with a message saying which, while
 * the archive's other files are read. Every header's and every file's CRC is checked. Folders, symbolic links,
 * anti-items and the files a folder walk leaves out (hidden ones, macOS's resource forks) are left out.
 */
public final class SevenZipArchives {
    private SevenZipArchives() {
    }

    private static final byte[] MAGIC = {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C};
    /** The largest header read (a header lists names and sizes: megabytes for archives of many thousands of files). */
    private static final long MAX_HEADER = 64L << 20;
    /** The most memory an LZMA or LZMA2 dictionary may ask for, as for xz ({@link Compression#XZ_MEMORY_LIMIT_KIB}). */
    private static final int MEMORY_LIMIT_KIB = Compression.XZ_MEMORY_LIMIT_KIB;

    /** True when a file's first bytes are a 7z signature. */
    static boolean isSevenZip(byte[] first) {
        return first.length >= 6 && Arrays.equals(first, 0, 6, MAGIC, 0, 6);
    }

    /** One coder of a folder: its method id and properties. */
    private record Coder(long method, byte[] properties) {
    }

    /**
     * A folder: coders chained by bind pairs (input, output), the coder its packed stream feeds, each output's unpacked
     * size (a coder's, when each has one input and one output), where its first packed stream lies and its size.
     */
    private record Folder(Coder[] coders, long[][] bindPairs, int packedCoder, long[] unpackSizes, long packOffset,
            long packSize) {
        /** The size of the folder's output: the coder whose output no bind pair takes. */
        long size() {
            for (int o = 0; o < unpackSizes.length; o++) {
                boolean bound = false;
                for (long[] b : bindPairs) bound |= b[1] == o;
                if (!bound) return unpackSizes[o];
            }
            return unpackSizes[unpackSizes.length - 1];
        }
    }

    /** A file in the archive: its folder, its offset and size in the folder's output, its CRC (or null). */
    private record Entry(String name, int folder, long offset, long size, Long crc) {
    }

    /**
     * The inputs inside the archive, in its order: one source per file. An archive with none is unreadable, as a damaged
     * one is.
     */
    public static List<Source> sources(Path archive) throws IOException {
        Listing l;
        try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.READ)) {
            l = read(archive, ch);
        } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException e) {
            throw e;
        } catch (IOException | IndexOutOfBoundsException | IllegalArgumentException | NegativeArraySizeException
                | java.nio.BufferUnderflowException e) {
            // whatever the header's bytes make the decoders or this reader meet: the archive is damaged
            if (String.valueOf(e.getMessage()).startsWith(ENCRYPTED)) {
                throw new UnreadableInputException(archive + ": a 7-Zip archive encrypted with its file names: " + UNPACK_WITH_PASSWORD);
            }
            throw new UnreadableInputException(archive + ": a damaged 7-Zip archive (" + e.getMessage() + ")");
        }
        if (!l.folders().isEmpty() && l.folders().stream().allMatch(SevenZipArchives::encrypted)) {
            throw new UnreadableInputException(archive + ": an encrypted 7-Zip archive: " + UNPACK_WITH_PASSWORD);
        }
        List<Entry> kept = new ArrayList<>();
        for (Entry e : l.entries()) if (!ZipArchives.leftOut(e.name())) kept.add(e);
        byte[][] heads = heads(archive, l.folders(), kept);
        List<Source> out = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            Entry e = kept.get(i);
            Folder f = e.folder() < 0 ? null : l.folders().get(e.folder());
            byte[] head = heads[i];
            out.add(Source.of(archive + ZipArchives.IN_ARCHIVE + e.name(),
                    () -> head == null ? open(archive, f, e)
                            : new KeptHeadStream(archive.toString(), head, e.size(), () -> open(archive, f, e))));
        }
        if (out.isEmpty()) throw new UnreadableInputException(archive + ": a 7-Zip archive with no file in it");
        return out;
    }

    private record Listing(List<Folder> folders, List<Entry> entries) {
    }

    private static final long AES = 0x06F10701L;
    private static final String ENCRYPTED = "it is encrypted";
    private static final String UNPACK_WITH_PASSWORD = "unpack it with its password ('7z x FILE') and give portolan the files"
            + " inside (or their folder)";

    private static boolean encrypted(Folder f) {
        for (Coder c : f.coders()) if (c.method() == AES) return true;
        return false;
    }

    private static Listing read(Path archive, FileChannel ch) throws IOException {
        ByteBuffer sig = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, sig, 0);
        sig.flip();
        if (!isSevenZip(Arrays.copyOf(sig.array(), 6))) throw new ZipException("no 7z signature");
        long nextOffset = sig.getLong(12), nextSize = sig.getLong(20);
        int nextCrc = sig.getInt(28);
        if (crc(sig.array(), 12, 20) != sig.getInt(8)) throw new ZipException("the signature header's checksum differs");
        if (nextSize == 0) return new Listing(List.of(), List.of()); // an empty archive
        if (nextOffset < 0 || nextSize < 0 || nextSize > MAX_HEADER || 32 + nextOffset + nextSize > ch.size()) {
            throw new ZipException("the header lies outside the file (cut short?)");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) nextSize);
        readFully(ch, hb, 32 + nextOffset);
        byte[] header = hb.array();
        if (crc(header, 0, header.length) != nextCrc) throw new ZipException("the header's checksum differs");
        Reader r = new Reader(header);
        int id = r.u8();
        // 7-Zip packs the header itself by default: decode it, then read it
        for (int round = 0; id == 0x17 && round < 4; round++) {
            List<Folder> packed = streamsInfo(r, null);
            if (packed.size() != 1) throw new ZipException("a packed header of " + packed.size() + " folders");
            Folder f = packed.get(0);
            if (f.size() > MAX_HEADER) throw new ZipException("a packed header of " + f.size() + " bytes");
            byte[] plain;
            try (InputStream in = decode(archive, ch, f)) {
                plain = in.readNBytes((int) f.size());
            }
            if (plain.length != f.size()) throw new java.io.EOFException("the packed header ends early");
            r = new Reader(plain);
            id = r.u8();
        }
        if (id != 0x01) throw new ZipException("no header where one belongs (property " + id + ")");
        List<Folder> folders = List.of();
        List<long[]> substreams = List.of();
        List<Entry> entries = new ArrayList<>();
        while (true) {
            int p = r.u8();
            if (p == 0x00) break;
            if (p == 0x02) { // archive properties: skipped
                while (r.u8() != 0) r.skip(r.number());
            } else if (p == 0x03) {
                streamsInfo(r, null); // additional streams: not used by 7-Zip's archives
            } else if (p == 0x04) {
                List<long[]> subs = new ArrayList<>();
                folders = streamsInfo(r, subs);
                substreams = subs;
            } else if (p == 0x05) {
                files(r, folders, substreams, entries);
            } else {
                throw new ZipException("an unknown header property " + p);
            }
        }
        return new Listing(folders, entries);
    }

    /** StreamsInfo: pack info, folders, substreams (each as {folder, size, crc or -1} into {@code subs}). */
    private static List<Folder> streamsInfo(Reader r, List<long[]> subs) throws IOException {
        long packPos = 0;
        long[] packSizes = new long[0];
        List<Folder> folders = new ArrayList<>();
        List<Coder[]> coders = new ArrayList<>();
        List<long[][]> binds = new ArrayList<>();
        List<Integer> packedCoders = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        long[][] unpack = new long[0][];
        long[] folderCrc = null;
        long[] perFolder = null;
        List<Long> sizes = null;
        long[] subCrc = null;
        while (true) {
            int p = r.u8();
            if (p == 0x00) break;
            if (p == 0x06) { // PackInfo
                packPos = r.number();
                int n = r.count();
                packSizes = new long[n];
                for (int q = r.u8(); q != 0; q = r.u8()) {
                    if (q == 0x09) for (int i = 0; i < n; i++) packSizes[i] = r.number();
                    else if (q == 0x0A) r.digests(n);
                    else throw new ZipException("an unknown pack property " + q);
                }
            } else if (p == 0x07) { // UnPackInfo: the folders
                if (r.u8() != 0x0B) throw new ZipException("no folder list where one belongs");
                int n = r.count();
                if (r.u8() != 0) throw new ZipException("folders kept outside the header");
                for (int i = 0; i < n; i++) shapes.add(folder(r, coders, binds, packedCoders));
                if (r.u8() != 0x0C) throw new ZipException("no unpacked sizes where they belong");
                unpack = new long[n][];
                for (int i = 0; i < n; i++) {
                    unpack[i] = new long[shapes.get(i)[0]];
                    for (int c = 0; c < unpack[i].length; c++) unpack[i][c] = r.number();
                }
                for (int q = r.u8(); q != 0; q = r.u8()) {
                    if (q == 0x0A) folderCrc = r.digests(n);
                    else throw new ZipException("an unknown folder property " + q);
                }
            } else if (p == 0x08) { // SubStreamsInfo
                int n = coders.size();
                perFolder = new long[n];
                Arrays.fill(perFolder, 1);
                int q = r.u8();
                if (q == 0x0D) {
                    for (int i = 0; i < n; i++) perFolder[i] = r.number();
                    q = r.u8();
                }
                if (q == 0x09) {
                    sizes = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        for (long k = 1; k < perFolder[i]; k++) sizes.add(r.number());
                    }
                    q = r.u8();
                }
                while (q != 0) {
                    if (q == 0x0A) {
                        int unknown = 0;
                        for (int i = 0; i < n; i++) {
                            if (perFolder[i] != 1 || folderCrc == null || folderCrc[i] < 0) unknown += (int) perFolder[i];
                        }
                        subCrc = r.digests(unknown);
                    } else {
                        throw new ZipException("an unknown substream property " + q);
                    }
                    q = r.u8();
                }
            } else {
                throw new ZipException("an unknown streams property " + p);
            }
        }
        long offset = 32 + packPos;
        int pack = 0;
        for (int i = 0; i < coders.size(); i++) {
            int streams = shapes.get(i)[1];
            if (pack + streams > packSizes.length) throw new ZipException("a folder without its packed stream");
            folders.add(new Folder(coders.get(i), binds.get(i), packedCoders.get(i), unpack[i], offset, packSizes[pack]));
            for (int k = 0; k < streams; k++) offset += packSizes[pack++];
        }
        if (subs != null) {
            int s = 0;
            int c = 0;
            for (int i = 0; i < folders.size(); i++) {
                long count = perFolder == null ? 1 : perFolder[i];
                long left = folders.get(i).size();
                for (long k = 0; k < count; k++) {
                    long size = k == count - 1 ? left : sizes.get(s++);
                    left -= size;
                    if (size < 0 || left < 0) throw new ZipException("files larger than their folder");
                    long crc = -1;
                    if (count == 1 && folderCrc != null && folderCrc[i] >= 0) crc = folderCrc[i];
                    else if (subCrc != null) crc = subCrc[c++];
                    subs.add(new long[] {i, size, crc});
                }
            }
        }
        return folders;
    }

    /**
     * One folder: its coders, bind pairs and packed streams. A folder whose coders each have one input and one output
     * (every method portolan reads) is kept with its chain; one with a coder of several streams (BCJ2) is read only as
     * far as the header needs (its sizes), and its coders are marked unreadable. Returns {outputs, packed streams}.
     */
    private static int[] folder(Reader r, List<Coder[]> coders, List<long[][]> binds, List<Integer> packed) throws IOException {
        int n = r.count();
        if (n < 1 || n > 32) throw new ZipException("a folder of " + n + " coders");
        Coder[] cs = new Coder[n];
        long ins = 0, outs = 0;
        boolean simple = true;
        for (int i = 0; i < n; i++) {
            int flags = r.u8();
            int idSize = flags & 0x0F;
            if ((flags & 0x80) != 0 || idSize > 8) throw new ZipException("a coder with alternative methods");
            long method = 0;
            for (int k = 0; k < idSize; k++) method = method << 8 | r.u8();
            long in = 1, out = 1;
            if ((flags & 0x10) != 0) {
                in = r.number();
                out = r.number();
                if (in < 1 || out < 1 || in > 32 || out > 32) throw new ZipException("a coder of " + in + " inputs and " + out + " outputs");
            }
            simple &= in == 1 && out == 1;
            ins += in;
            outs += out;
            byte[] props = new byte[0];
            if ((flags & 0x20) != 0) props = r.bytes(r.count());
            cs[i] = new Coder(method, props);
        }
        long[][] b = new long[(int) outs - 1][];
        for (int i = 0; i < b.length; i++) {
            b[i] = new long[] {r.number(), r.number()};
            if (b[i][0] >= ins || b[i][1] >= outs) throw new ZipException("a bind pair outside its folder");
        }
        long packedStreams = ins - b.length;
        if (packedStreams < 1) throw new ZipException("a folder without a packed stream");
        int p = -1;
        if (packedStreams > 1) {
            for (long i = 0; i < packedStreams; i++) r.number();
        } else {
            for (int c = 0; c < ins && p < 0; c++) {
                boolean bound = false;
                for (long[] bp : b) bound |= bp[0] == c;
                if (!bound) p = c;
            }
        }
        if (!simple) Arrays.fill(cs, new Coder(-1, new byte[0]));
        coders.add(cs);
        binds.add(b);
        packed.add(Math.max(p, 0));
        return new int[] {(int) outs, (int) packedStreams};
    }

    private static void files(Reader r, List<Folder> folders, List<long[]> subs, List<Entry> out) throws IOException {
        int n = r.count();
        boolean[] emptyStream = new boolean[n];
        boolean[] emptyFile = null;
        boolean[] anti = null;
        String[] names = new String[n];
        long[] attributes = new long[n];
        Arrays.fill(attributes, -1);
        int empties = 0;
        while (true) {
            int p = r.u8();
            if (p == 0x00) break;
            long size = r.number();
            int end = r.at + (int) Math.min(size, r.left());
            switch (p) {
                case 0x0E -> {
                    emptyStream = r.bits(n);
                    empties = 0;
                    for (boolean e : emptyStream) if (e) empties++;
                }
                case 0x0F -> emptyFile = r.bits(empties);
                case 0x10 -> anti = r.bits(empties);
                case 0x11 -> {
                    if (r.u8() != 0) throw new ZipException("names kept outside the header");
                    for (int i = 0; i < n; i++) names[i] = r.utf16z(end);
                }
                case 0x15 -> {
                    boolean[] defined = r.definedBits(n);
                    if (r.u8() != 0) throw new ZipException("attributes kept outside the header");
                    for (int i = 0; i < n; i++) if (defined[i]) attributes[i] = r.u32();
                }
                default -> { }
            }
            r.at = end;
        }
        int sub = 0;
        int empty = 0;
        long[] folderOffset = new long[folders.size()];
        for (int i = 0; i < n; i++) {
            String name = names[i] == null ? "file" + i : names[i].replace('\\', '/');
            long attr = attributes[i];
            boolean dir = attr >= 0 && (attr & 0x10) != 0;
            boolean link = attr >= 0 && (attr & 0x8000) != 0 && ((attr >>> 16) & 0xF000) == 0xA000;
            if (emptyStream[i]) {
                boolean isFile = emptyFile != null && emptyFile[empty];
                boolean isAnti = anti != null && anti[empty];
                empty++;
                if (isFile && !isAnti && !dir) out.add(new Entry(name, -1, 0, 0, null));
                continue;
            }
            if (sub >= subs.size()) throw new ZipException("more files than streams");
            long[] s = subs.get(sub++);
            int f = (int) s[0];
            long offset = folderOffset[f];
            folderOffset[f] += s[1];
            if (dir || link) continue;
            out.add(new Entry(name, f, offset, s[1], s[2] < 0 ? null : s[2]));
        }
    }

    /**
     * The first bytes of each file ({@link TarArchives#HEAD_KEPT}: what telling its format needs), each folder decoded
     * once front to back: a bundle's many files that are no input are then never decoded again, where opening each
     * would decode its solid folder from the start. A folder that cannot be decoded leaves its files' heads null (opening
     * them says why); past {@link TarArchives#MAX_KEPT} bytes kept in all, the rest are null too (read from the archive).
     */
    private static byte[][] heads(Path archive, List<Folder> folders, List<Entry> entries) {
        byte[][] heads = new byte[entries.size()][];
        long keptBytes = 0;
        List<List<Integer>> byFolder = new ArrayList<>();
        for (int f = 0; f < folders.size(); f++) byFolder.add(new ArrayList<>());
        for (int i = 0; i < entries.size(); i++) if (entries.get(i).folder() >= 0) byFolder.get(entries.get(i).folder()).add(i);
        try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.READ)) {
            for (int f = 0; f < folders.size(); f++) {
                InputStream in = null;
                long pos = 0;
                try {
                    for (int i : byFolder.get(f)) {
                        Entry e = entries.get(i);
                        if (keptBytes > TarArchives.MAX_KEPT) break;
                        if (in == null) in = decode(archive, ch, folders.get(f));
                        in.skipNBytes(e.offset() - pos);
                        heads[i] = in.readNBytes((int) Math.min(e.size(), TarArchives.HEAD_KEPT));
                        if (heads[i].length < Math.min(e.size(), TarArchives.HEAD_KEPT)) {
                            heads[i] = null;
                            break;
                        }
                        pos = e.offset() + heads[i].length;
                        if (heads[i].length == e.size() && e.crc() != null && crc(heads[i], 0, heads[i].length) != (int) (long) e.crc()) {
                            heads[i] = null; // a whole small file that fails its CRC: opened on its own, it says so
                            continue;
                        }
                        keptBytes += heads[i].length;
                    }
                } catch (IOException | RuntimeException damaged) {
                    // this folder's files are opened on their own, and say what is wrong then
                }
            }
        } catch (IOException e) {
            // the archive cannot be opened again: every file is opened on its own, and says so
        }
        return heads;
    }

    /** A file's content: its folder decoded from the start, the bytes before the file skipped, its CRC checked at its end. */
    private static InputStream open(Path archive, Folder f, Entry e) throws IOException {
        if (f == null) return InputStream.nullInputStream();
        FileChannel ch = FileChannel.open(archive, StandardOpenOption.READ);
        try {
            InputStream in = decode(archive, ch, f);
            long skip = e.offset();
            while (skip > 0) {
                long k = in.skip(skip);
                if (k <= 0) {
                    if (in.read() < 0) throw new java.io.EOFException("the folder ends before " + e.name());
                    k = 1;
                }
                skip -= k;
            }
            return new Checked(in, e, ch);
        } catch (IOException | RuntimeException x) {
            ch.close();
            throw x;
        }
    }

    /** The folder's output: its packed stream through its coders in the order the bind pairs chain them. */
    private static InputStream decode(Path archive, FileChannel ch, Folder f) throws IOException {
        InputStream in = new java.io.BufferedInputStream(packed(ch, f.packOffset(), f.packSize()), 1 << 16);
        int c = f.packedCoder();
        for (int steps = 0; steps < f.coders().length; steps++) {
            in = coder(f.coders()[c], in, f.unpackSizes()[c]);
            int next = -1;
            for (long[] b : f.bindPairs()) if (b[1] == c) next = (int) b[0];
            if (next < 0) return in;
            c = next;
        }
        throw new ZipException("coders bound in a circle");
    }

    private static InputStream coder(Coder c, InputStream in, long size) throws IOException {
        byte[] p = c.properties();
        ArrayCache cache = org.tukaani.xz.BasicArrayCache.getInstance();
        switch ((int) c.method()) {
            case 0x00: return in;
            case 0x21: {
                if (p.length < 1 || (p[0] & 0xff) > 40) throw new ZipException("bad LZMA2 properties");
                int d = p[0] & 0x3f;
                int dict = d == 40 ? -1 : (2 | (d & 1)) << (d / 2 + 11);
                if (dict < 0 || LZMA2InputStream.getMemoryUsage(dict) > MEMORY_LIMIT_KIB) throw tooMuchMemory(dict);
                return new LZMA2InputStream(in, dict);
            }
            case 0x030101: {
                if (p.length < 5) throw new ZipException("bad LZMA properties");
                int dict = ByteBuffer.wrap(p, 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                if (dict < 0 || LZMAInputStream.getMemoryUsage(dict, p[0]) > MEMORY_LIMIT_KIB) throw tooMuchMemory(dict);
                return new LZMAInputStream(in, size, p[0], dict, null, cache);
            }
            case 0x03030103: return new X86Options().getInputStream(in, cache);
            case 0x03: {
                int distance = p.length >= 1 ? (p[0] & 0xff) + 1 : 1;
                try {
                    return new DeltaOptions(distance).getInputStream(in, cache);
                } catch (org.tukaani.xz.UnsupportedOptionsException e) {
                    throw new ZipException("bad Delta properties");
                }
            }
            case 0x040108: return new InflaterInputStream(in, new Inflater(true), 1 << 16);
            case 0x040202: return new Bzip2InputStream(in);
            case (int) AES: throw new ZipException(ENCRYPTED + " (7-Zip's AES): " + UNPACK_WITH_PASSWORD);
            case -1: throw new ZipException("it is packed with several streams per coder (BCJ2), which portolan does not"
                    + " read: unpack it ('7z x FILE')");
            default:
                throw new ZipException("it is packed with a method portolan does not read (7z method id 0x"
                        + Long.toHexString(c.method()) + ", e.g. PPMd or an ARM filter): unpack it ('7z x FILE')");
        }
    }

    private static ZipException tooMuchMemory(int dict) {
        return new ZipException("its dictionary asks for " + Integer.toUnsignedLong(dict) / (1 << 20) + " MiB, over the "
                + MEMORY_LIMIT_KIB / 1024 + " MiB portolan allows");
    }

    /**
     * The {@code size} bytes of a packed stream at {@code at}. Closing it leaves the channel open: the caller owns it (a
     * packed header's folder and the files' share one).
     */
    private static InputStream packed(FileChannel ch, long at, long size) throws IOException {
        return new FilterInputStream(Channels.newInputStream(ch.position(at))) {
            private long left = size;

            @Override
            public void close() {
            }

            @Override
            public int read() throws IOException {
                if (left <= 0) return -1;
                int b = super.read();
                if (b >= 0) left--;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) return -1;
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) left -= n;
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long k = super.skip(Math.min(n, left));
                left -= k;
                return k;
            }
        };
    }

    /** A file's bytes: exactly its size, its CRC checked at its end; closing closes the archive. */
    private static final class Checked extends FilterInputStream {
        private final Entry entry;
        private final FileChannel channel;
        private final CRC32 crc = new CRC32();
        private long left;

        Checked(InputStream in, Entry entry, FileChannel channel) {
            super(in);
            this.entry = entry;
            this.channel = channel;
            this.left = entry.size();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new java.io.EOFException("damaged 7z data: " + entry.name() + " ends early");
            crc.update(b, off, n);
            left -= n;
            if (left == 0 && entry.crc() != null && crc.getValue() != entry.crc()) {
                throw new ZipException("damaged 7z data: " + entry.name() + "'s checksum differs (corrupt data)");
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 8192)];
            int r = read(buf, 0, buf.length);
            return Math.max(0, r);
        }

        @Override
        public int available() {
            return 0;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                channel.close();
            }
        }
    }

    private static int crc(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, at + b.position());
            if (n < 0) throw new java.io.EOFException("the file ends inside its header (cut short?)");
        }
    }

    /** Reads a header's bytes: 7z's numbers, bit vectors, digests and names. */
    private static final class Reader {
        private final byte[] b;
        int at;

        Reader(byte[] b) {
            this.b = b;
        }

        int left() {
            return b.length - at;
        }

        int u8() throws IOException {
            if (at >= b.length) throw new java.io.EOFException("the header ends early");
            return b[at++] & 0xff;
        }

        long u32() throws IOException {
            long v = 0;
            for (int i = 0; i < 4; i++) v |= (long) u8() << (8 * i);
            return v;
        }

        /** 7z's variable-length number: the first byte's leading one bits say how many bytes follow. */
        long number() throws IOException {
            int first = u8();
            long value = 0;
            int mask = 0x80;
            for (int i = 0; i < 8; i++) {
                if ((first & mask) == 0) return value | (long) (first & (mask - 1)) << (8 * i);
                value |= (long) u8() << (8 * i);
                mask >>>= 1;
            }
            return value;
        }

        /** A number used as a count of things in this header (which cannot hold more than it has bytes). */
        int count() throws IOException {
            long n = number();
            if (n < 0 || n > b.length) throw new ZipException("a count of " + n + " in a header of " + b.length + " bytes");
            return (int) n;
        }

        void skip(long n) throws IOException {
            if (n < 0 || n > left()) throw new java.io.EOFException("the header ends early");
            at += (int) n;
        }

        byte[] bytes(int n) throws IOException {
            if (n > left()) throw new java.io.EOFException("the header ends early");
            byte[] out = Arrays.copyOfRange(b, at, at + n);
            at += n;
            return out;
        }

        boolean[] bits(int n) throws IOException {
            boolean[] out = new boolean[n];
            int cur = 0;
            for (int i = 0; i < n; i++) {
                if (i % 8 == 0) cur = u8();
                out[i] = (cur & (0x80 >>> (i % 8))) != 0;
            }
            return out;
        }

        /** "All defined" byte, else a bit vector. */
        boolean[] definedBits(int n) throws IOException {
            if (u8() != 0) {
                boolean[] all = new boolean[n];
                Arrays.fill(all, true);
                return all;
            }
            return bits(n);
        }

        /** Digests of {@code n} streams: each CRC, or -1 when not given. */
        long[] digests(int n) throws IOException {
            boolean[] defined = definedBits(n);
            long[] out = new long[n];
            for (int i = 0; i < n; i++) out[i] = defined[i] ? u32() : -1;
            return out;
        }

        /** A name: UTF-16LE up to its NUL. */
        String utf16z(int end) throws IOException {
            int start = at;
            while (true) {
                if (at + 1 >= end) throw new java.io.EOFException("a name without its end");
                if (b[at] == 0 && b[at + 1] == 0) break;
                at += 2;
            }
            String s = new String(b, start, at - start, StandardCharsets.UTF_16LE);
            at += 2;
            return s;
        }
    }
}

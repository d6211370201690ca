package dev.portolan.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Archives given as inputs, read as folders: zip ({@link ZipArchives}), 7-Zip ({@link SevenZipArchives}) and tar, plain
 * or compressed ({@link TarArchives}). Recognised by content, as every input is, never by name.
 */
public final class Archives {
    private Archives() {
    }

    /** What listing an archive found: its files, in order, and where it was damaged (null when it was whole). */
    public record Listing(List<Source> sources, String damage) {
    }

    /** True when {@code path} is a regular file holding a zip, a 7-Zip or a tar archive (compressed or not). */
    public static boolean isArchive(Path path) {
        byte[] first = first(path);
        return first.length > 0 && (ZipArchives.isZip(first) || SevenZipArchives.isSevenZip(first) || TarArchives.isTar(path, first));
    }

    /** The first 512 bytes of a regular file (a tar header's worth); none when it is no regular file or cannot be read. */
    private static byte[] first(Path path) {
        if (!Files.isRegularFile(path)) return new byte[0];
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(512);
        } catch (IOException e) {
            return new byte[0]; // reading it says what is wrong
        }
    }

    /**
     * True when {@code source} — an input that is no local file, opened afresh for each read (a Hadoop file) — holds a
     * tar archive, plain or compressed. (A zip needs a local file to be opened as a folder.)
     */
    public static boolean isTar(Source source) {
        try {
            return TarArchives.isHeader(source.head(512));
        } catch (IOException | RuntimeException e) {
            return false; // reading it says what is wrong
        }
    }

    /** The files in a tar that is no local file ({@link #isTar(Source)}), as {@link #list(Path)} gives a local one's. */
    public static Listing listTar(Source source) throws IOException {
        return TarArchives.list(source, TarArchives.MAX_FILES, TarArchives.MAX_KEPT);
    }

    /**
     * The files in the archive as inputs. One with none (only folders, links, hidden files) is unreadable, as a damaged
     * zip is; a tar damaged part way keeps the files before the damage and says where ({@link Listing#damage()}).
     */
    public static Listing list(Path archive) throws IOException {
        byte[] first = first(archive);
        if (ZipArchives.isZip(first)) return new Listing(ZipArchives.sources(archive), null);
        if (SevenZipArchives.isSevenZip(first)) return new Listing(SevenZipArchives.sources(archive), null);
        return TarArchives.list(archive);
    }

    /**
     * The name of the host an archive describes when it is the one input given: the folder every file in it shares
     * ({@code sosreport-web01-2024-01-15/…}), else the archive's name without its extensions ({@code ws-17.tar.gz} →
     * {@code ws-17}).
     */
    public static String hostName(Path archive, List<Source> inside) {
        String prefix = archive + ZipArchives.IN_ARCHIVE;
        String top = null;
        for (Source s : inside) {
            String inner = s.name().startsWith(prefix) ? s.name().substring(prefix.length()) : "";
            int slash = inner.indexOf('/');
            String first = slash > 0 ? inner.substring(0, slash) : null;
            if (first == null || top != null && !top.equals(first)) {
                top = null;
                break;
            }
            top = first;
        }
        if (top != null) return top;
        String name = archive.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}

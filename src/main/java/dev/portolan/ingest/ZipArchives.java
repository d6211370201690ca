package dev.portolan.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Zip archives given as inputs (a support bundle, logs zipped on a Windows host): the files inside are inputs as if the
 * archive were a folder, each read from the archive front to back ({@code archive.zip!/logs/pfirewall.log} in evidence);
 * nothing is unpacked to disk. Folders, hidden files and macOS's {@code __MACOSX/} resource forks are left out, as a
 * folder walk leaves out hidden files. A zip inside a zip is an input like any other (and says what it is).
 */
public final class ZipArchives {
    private ZipArchives() {
    }

    /** True when {@code path} is a regular file that starts with a zip's local file header. */
    public static boolean isZip(Path path) {
        if (!Files.isRegularFile(path)) return false;
        try (InputStream in = Files.newInputStream(path)) {
            return isZip(in.readNBytes(4));
        } catch (IOException e) {
            return false;
        }
    }

    /** True when a file's first bytes are a zip's local file header. */
    static boolean isZip(byte[] m) {
        return m.length >= 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4;
    }

    /**
     * How entry names may be encoded: UTF-8 (the zip flag, and most tools), else Windows' own compressed folders, which
     * write the console code page without saying so — CP932 on Japanese Windows — and, as the last resort, a byte for a
     * character (any name reads, non-ASCII letters perhaps wrong: only shown in evidence).
     */
    private static final Charset[] NAME_CHARSETS = {StandardCharsets.UTF_8, Charset.forName("windows-31j"),
        StandardCharsets.ISO_8859_1};

    /** Between an archive's path and a file's path in it, in a source's name: {@code bundle.zip!/logs/pfirewall.log}. */
    static final String IN_ARCHIVE = "!/";

    /**
     * The inputs inside the archive, in its order: one source per file. An archive with none (folders, hidden files
     * only) is unreadable, as a damaged one is.
     */
    public static List<Source> sources(Path zip) throws IOException {
        List<Source> inside = entries(zip);
        if (inside.isEmpty()) throw new UnreadableInputException(zip + ": a zip archive with no file in it");
        return inside;
    }

    /**
     * The name a folder would give the host of a file in an archive (by its source's name): its folder in the archive,
     * else the archive's file name without its extension; null for a source that is no file in an archive.
     */
    public static String folderName(String sourceName) {
        int at = sourceName.lastIndexOf(IN_ARCHIVE);
        if (at <= 0) return null;
        String inner = sourceName.substring(at + IN_ARCHIVE.length());
        int slash = inner.lastIndexOf('/');
        if (slash > 0) return inner.substring(inner.lastIndexOf('/', slash - 1) + 1, slash);
        String archive = Path.of(sourceName.substring(0, at)).getFileName().toString();
        int dot = archive.lastIndexOf('.');
        return dot > 0 ? archive.substring(0, dot) : archive;
    }

    private static List<Source> entries(Path zip) throws IOException {
        String first = null;
        for (Charset names : NAME_CHARSETS) {
            try {
                return sources(zip, names);
            } catch (ZipException | IllegalArgumentException e) {
                // a name this charset cannot decode ("bad entry name") — or damage, which every charset meets
                if (first == null) first = e.getMessage();
            } catch (IOException e) {
                throw new UnreadableInputException(zip + ": the zip archive cannot be read (" + e.getMessage() + ")");
            }
        }
        throw new UnreadableInputException(zip + ": a damaged zip archive (" + first + ")");
    }

    private static List<Source> sources(Path zip, Charset names) throws IOException {
        List<Source> out = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile(), names)) {
            Enumeration<? extends ZipEntry> entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || leftOut(e.getName())) continue;
                String entry = e.getName();
                out.add(Source.of(zip + IN_ARCHIVE + entry, () -> open(zip, entry, names)));
            }
        }
        return out;
    }

    /** A path inside an archive that a folder walk would leave out: a hidden segment, macOS's resource forks, a README. */
    static boolean leftOut(String entryName) {
        for (String segment : entryName.split("/")) {
            if (segment.equals("__MACOSX") || InputWalk.isHidden(segment)) return true;
        }
        String file = entryName.substring(entryName.lastIndexOf('/') + 1);
        return InputWalk.leftOut(file);
    }

    private static InputStream open(Path zip, String entry, Charset names) throws IOException {
        ZipFile z = new ZipFile(zip.toFile(), names);
        try {
            ZipEntry e = z.getEntry(entry);
            if (e == null) throw new IOException(zip + ": " + entry + " is no longer in the archive");
            return new FilterInputStream(z.getInputStream(e)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        z.close();
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            z.close();
            throw e;
        }
    }
}

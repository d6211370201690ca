package dev.portolan.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
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
            byte[] m = in.readNBytes(4);
            return m.length == 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    /** The inputs inside the archive, in its order: one source per file. */
    public static List<Source> sources(Path zip) throws IOException {
        List<Source> out = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || leftOut(e.getName())) continue;
                String entry = e.getName();
                out.add(Source.of(zip + "!/" + entry, () -> open(zip, entry)));
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

    private static InputStream open(Path zip, String entry) throws IOException {
        ZipFile z = new ZipFile(zip.toFile());
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

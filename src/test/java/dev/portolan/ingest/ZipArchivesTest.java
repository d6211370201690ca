package dev.portolan.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The files inside a zip given as an input: which are inputs, how they are named and read. */
class ZipArchivesTest {
    @TempDir
    Path dir;

    static void zip(Path out, String... namesAndTexts) throws IOException {
        try (OutputStream o = Files.newOutputStream(out); ZipOutputStream z = new ZipOutputStream(o)) {
            for (int i = 0; i < namesAndTexts.length; i += 2) {
                z.putNextEntry(new ZipEntry(namesAndTexts[i]));
                if (namesAndTexts[i + 1] != null) z.write(namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
    }

    @Test
    void filesInArchiveOrderWithoutFoldersHiddenFilesOrMacResourceForks() throws IOException {
        Path z = dir.resolve("bundle.zip");
        zip(z, "logs/", null, "logs/pfirewall.log", "#Version: 1.5\n", "__MACOSX/logs/._pfirewall.log", "x",
                ".DS_Store", "x", "logs/.hidden/netstat.txt", "x", "README.md", "x", "netstat.txt", "TCP 0.0.0.0:135 0.0.0.0:0 LISTENING\n");
        assertThat(ZipArchives.isZip(z)).isTrue();
        List<Source> s = ZipArchives.sources(z);
        assertThat(s).extracting(Source::name).containsExactly(z + "!/logs/pfirewall.log", z + "!/netstat.txt");
        // each is read from the archive, front to back, as often as asked
        for (int i = 0; i < 2; i++) {
            try (InputStream in = s.get(1).open()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("TCP 0.0.0.0:135 0.0.0.0:0 LISTENING\n");
            }
        }
        assertThat(s.get(0).isSequential()).isTrue();
        assertThat(s.get(0).head(13)).isEqualTo("#Version: 1.5".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void namesWindowsWroteInItsCodePageAndDamage() throws IOException {
        // Windows' compressed folders write names in the console code page without the UTF-8 flag: CP932 in Japan
        Path jp = dir.resolve("jp.zip");
        try (OutputStream o = Files.newOutputStream(jp);
             ZipOutputStream z = new ZipOutputStream(o, java.nio.charset.Charset.forName("windows-31j"))) {
            z.putNextEntry(new ZipEntry("ログ/netstat-ano.txt"));
            z.write("TCP 0.0.0.0:135 0.0.0.0:0 LISTENING\n".getBytes(StandardCharsets.US_ASCII));
        }
        List<Source> s = ZipArchives.sources(jp);
        assertThat(s).extracting(Source::name).containsExactly(jp + "!/ログ/netstat-ano.txt");
        assertThat(s.get(0).head(3)).isEqualTo("TCP".getBytes(StandardCharsets.US_ASCII));
        Path bad = dir.resolve("bad.zip");
        Files.write(bad, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ZipArchives.sources(bad))
                .isInstanceOf(UnreadableInputException.class).hasMessageStartingWith(bad + ": a damaged zip archive (");
    }

    @Test
    void anArchiveOfFoldersAndHiddenFilesOnlyIsUnreadableAndTheHostIsNamedAsAFolderWould() throws IOException {
        Path z = dir.resolve("mac.zip");
        zip(z, "logs/", null, "__MACOSX/._x", "x", "logs/.DS_Store", "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ZipArchives.sources(z))
                .isInstanceOf(UnreadableInputException.class).hasMessage(z + ": a zip archive with no file in it");
        assertThat(ZipArchives.folderName(z + "!/collected/ws-01/netstat.txt")).isEqualTo("ws-01");
        assertThat(ZipArchives.folderName(z + "!/netstat.txt")).isEqualTo("mac");
        assertThat(ZipArchives.folderName("/data/ws-01/netstat.txt")).isNull();
    }

    @Test
    void onlyAZipsLocalHeaderMakesOne() throws IOException {
        Path text = dir.resolve("PK.txt");
        Files.writeString(text, "PK is not a zip");
        assertThat(ZipArchives.isZip(text)).isFalse();
        assertThat(ZipArchives.isZip(dir)).isFalse();
        assertThat(ZipArchives.isZip(dir.resolve("missing.zip"))).isFalse();
    }
}

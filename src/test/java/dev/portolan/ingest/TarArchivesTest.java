package dev.portolan.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tar archives given as inputs (fixtures/archives, made by GNU tar in each of its formats): which files are inputs, how
 * they are named, that each reads as the file that was packed, and what a damaged archive keeps.
 */
class TarArchivesTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/archives");
    static final Path SHORT = Path.of("samples/desktop-patrol-unknown-listener/netstat-ano.txt");
    static final Path LONG = Path.of("../shared/corpus/netstat/windows10-netstat-aon.out");
    static final String LONG_PATH =
            "host-a/a-folder-name-long-enough-to-need-more-than-one-hundred-characters-in-a-tar-header/sub/netstat-aon.txt";

    @TempDir
    Path dir;

    static byte[] content(Source s) throws IOException {
        try (InputStream in = s.open()) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"host-a-gnu.tar", "host-a-pax.tar", "host-a-ustar.tar", "host-a.tar.xz", "host-a.tgz", "host-a.tbz"})
    void everyFormatListsItsFilesWithoutFoldersLinksOrHiddenFilesAndReadsThemWhole(String file) throws IOException {
        Path tar = FIXTURES.resolve(file);
        assertThat(Archives.isArchive(tar)).isTrue();
        Archives.Listing l = Archives.list(tar);
        assertThat(l.damage()).isNull();
        String at = tar + "!/";
        assertThat(l.sources()).extracting(Source::name)
                .containsExactly(at + LONG_PATH, at + "host-a/netstat-ano.txt", at + "host-a/notes.txt");
        // the long file is longer than the head kept while listing: the rest comes from the archive again
        assertThat(content(l.sources().get(0))).isEqualTo(Files.readAllBytes(LONG));
        assertThat(content(l.sources().get(1))).isEqualTo(Files.readAllBytes(SHORT));
        assertThat(new String(content(l.sources().get(2)), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("collected Monday\n");
        assertThat(l.sources().get(1).head(Inputs.HEAD)).isEqualTo(Files.readAllBytes(SHORT));
        assertThat(Inputs.detect(l.sources().get(0))).isEqualTo(InputFormat.NETSTAT);
        assertThat(Archives.hostName(tar, l.sources())).isEqualTo("host-a");
    }

    @Test
    void oldV7HeadersWithoutMagicAreReadByTheirChecksum() throws IOException {
        Path tar = FIXTURES.resolve("host-a-v7.tar");
        assertThat(Archives.isArchive(tar)).isTrue();
        assertThat(Archives.list(tar).sources()).extracting(Source::name)
                .containsExactly(tar + "!/host-a/netstat-ano.txt", tar + "!/host-a/notes.txt");
    }

    @Test
    void aCutArchiveKeepsTheFilesBeforeTheCutAndSaysWhere() throws IOException {
        byte[] whole = Files.readAllBytes(FIXTURES.resolve("host-a-gnu.tar"));
        // the cut falls in the last file's data (notes.txt, after the 16 KB and the 2.7 KB files)
        int lastHeader = indexOf(whole, "host-a/notes.txt".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path cut = dir.resolve("cut.tar");
        Files.write(cut, Arrays.copyOf(whole, lastHeader + 512 + 5));
        Archives.Listing l = Archives.list(cut);
        assertThat(l.sources()).hasSize(2);
        assertThat(l.damage()).isEqualTo(cut + ": the tar archive is damaged after its first 2 file(s), which were read"
                + " (it ends inside a file)");
        // a header that does not add up: what came before is kept
        byte[] bad = whole.clone();
        bad[lastHeader + 3] ^= 0x20;
        Path garbled = dir.resolve("garbled.tar");
        Files.write(garbled, bad);
        Archives.Listing g = Archives.list(garbled);
        assertThat(g.sources()).hasSize(2);
        assertThat(g.damage()).contains("no valid header at byte " + lastHeader);
        // the same cut inside gzip: the decompressed content ends early, the same files are kept
        Path cutGz = dir.resolve("cut.tgz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(cutGz))) {
            o.write(whole, 0, lastHeader + 512 + 5);
        }
        assertThat(Archives.list(cutGz).sources()).hasSize(2);
        // gzip cut where a file ends: the tar's content ends cleanly, but what is missing is said
        Path cleanCut = dir.resolve("clean-cut.tgz");
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(gz)) {
            o.write(whole, 0, lastHeader); // the first two files, whole
        }
        byte[] bytes = gz.toByteArray();
        Files.write(cleanCut, Arrays.copyOf(bytes, bytes.length - 8)); // without the gzip trailer
        Archives.Listing c = Archives.list(cleanCut);
        assertThat(c.sources()).hasSize(2);
        assertThat(c.damage()).startsWith(cleanCut + ": the tar archive is damaged after its first 2 file(s), which were read"
                + " (damaged gzip data");
    }

    @Test
    void theFilesPastTheLimitAreNotListedAndThatIsSaid() throws IOException {
        Path tar = FIXTURES.resolve("host-a-gnu.tar");
        Archives.Listing l = TarArchives.list(tar, 2, TarArchives.MAX_KEPT);
        assertThat(l.sources()).hasSize(2);
        assertThat(l.damage()).isEqualTo(tar + ": more files in the archive than portolan lists from one (2 files, or 128"
                + " MiB of their first bytes): the first 2 were read, the rest were not (unpack it and give portolan the"
                + " folders that matter)");
        assertThat(TarArchives.list(tar, 3, TarArchives.MAX_KEPT).damage()).isNull();
        // the first bytes kept: the 16 KB file keeps 8 KiB, the 2.7 KB one all of it, the notes 17 bytes
        long kept = TarArchives.HEAD_KEPT + 2685 + 17;
        assertThat(TarArchives.list(tar, 100, kept).damage()).isNull();
        assertThat(TarArchives.list(tar, 100, kept - 1).sources()).hasSize(2);
    }

    @Test
    void anArchiveWithNoFileOrDamagedFromTheStartIsUnreadable() throws IOException {
        byte[] whole = Files.readAllBytes(FIXTURES.resolve("host-a-gnu.tar"));
        Path headerOnly = dir.resolve("folders.tar");
        Files.write(headerOnly, Arrays.copyOf(whole, 512)); // the host-a/ folder entry alone, no end blocks
        assertThatThrownBy(() -> Archives.list(headerOnly)).isInstanceOf(UnreadableInputException.class)
                .hasMessage(headerOnly + ": a tar archive with no file in it");
        Path firstCut = dir.resolve("first.tar");
        int first = indexOf(whole, LONG_PATH.substring(0, 40).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Files.write(firstCut, Arrays.copyOf(whole, first + 700));
        assertThatThrownBy(() -> Archives.list(firstCut)).isInstanceOf(UnreadableInputException.class)
                .hasMessage(firstCut + ": a damaged tar archive with no whole file in it");
    }

    @Test
    void filesThatAreNoArchiveAreNotTakenForOne() throws IOException {
        assertThat(Archives.isArchive(SHORT)).isFalse();
        assertThat(Archives.isArchive(Path.of("../shared/corpus/pcap/tcpdump-dns_tcp.pcap"))).isFalse();
        // 512 bytes of text whose checksum field happens to hold digits: the sum does not add up
        byte[] text = new byte[1024];
        Arrays.fill(text, (byte) 'a');
        System.arraycopy("0000644\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, text, 148, 8);
        Path t = dir.resolve("text.txt");
        Files.write(t, text);
        assertThat(Archives.isArchive(t)).isFalse();
        Path gz = dir.resolve("netstat.txt.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(Files.readAllBytes(SHORT));
        }
        assertThat(Archives.isArchive(gz)).isFalse();
        assertThat(Archives.isArchive(dir)).isFalse();
    }

    @Test
    void aHostIsNamedAfterTheFolderAllFilesShareElseAfterTheArchive() {
        Path tar = Path.of("/data/ws-17.tar.gz");
        Source a = Source.of(tar + "!/ws-17-bundle/netstat.txt", () -> InputStream.nullInputStream());
        Source b = Source.of(tar + "!/ws-17-bundle/logs/pfirewall.log", () -> InputStream.nullInputStream());
        Source c = Source.of(tar + "!/netstat.txt", () -> InputStream.nullInputStream());
        assertThat(Archives.hostName(tar, List.of(a, b))).isEqualTo("ws-17-bundle");
        assertThat(Archives.hostName(tar, List.of(a, c))).isEqualTo("ws-17");
        assertThat(Archives.hostName(tar, List.of(c))).isEqualTo("ws-17");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}

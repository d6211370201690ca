package dev.portolan.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * 7-Zip archives given as inputs (fixtures/archives, made by 7-Zip 26.02's {@code 7zz a -snl} from the folder the tar
 * fixtures hold, one archive per method: see that folder's README): which files are inputs, how they are named, that
 * each reads as the file that was packed, and what an archive portolan cannot decode says.
 */
class SevenZipArchivesTest {
    // the folder the tar fixtures hold: the same files
    private static final Path FIXTURES = TarArchivesTest.FIXTURES;
    private static final Path SHORT = TarArchivesTest.SHORT;
    private static final Path LONG = TarArchivesTest.LONG;
    private static final String LONG_PATH = TarArchivesTest.LONG_PATH;

    @TempDir
    Path dir;

    private static byte[] content(Source s) throws IOException {
        return TarArchivesTest.content(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"host-a.7z", "host-a-lzma.7z", "host-a-bzip2.7z", "host-a-deflate.7z", "host-a-copy-plain-header.7z",
        "host-a-bcj-lzma.7z", "host-a-delta-lzma2.7z", "host-a-nonsolid.7z"})
    void everyMethodListsItsFilesWithoutFoldersLinksOrHiddenFilesAndReadsThemWhole(String file) throws IOException {
        Path archive = FIXTURES.resolve(file);
        assertThat(Archives.isArchive(archive)).isTrue();
        Archives.Listing l = Archives.list(archive);
        assertThat(l.damage()).isNull();
        String at = archive + "!/";
        // 7-Zip's order: the long path's folder sorts first; link.txt (a symbolic link) and .hidden are left out
        assertThat(l.sources()).extracting(Source::name)
                .containsExactly(at + LONG_PATH, at + "host-a/netstat-ano.txt", at + "host-a/notes.txt");
        assertThat(content(l.sources().get(0))).isEqualTo(Files.readAllBytes(LONG));
        assertThat(content(l.sources().get(1))).isEqualTo(Files.readAllBytes(SHORT));
        assertThat(new String(content(l.sources().get(2)), StandardCharsets.UTF_8)).isEqualTo("collected Monday\n");
        // a file read again from the start (a reader sniffs, then reads)
        assertThat(l.sources().get(1).head(Inputs.HEAD)).isEqualTo(Files.readAllBytes(SHORT));
        assertThat(Inputs.detect(l.sources().get(0))).isEqualTo(InputFormat.NETSTAT);
        assertThat(Archives.hostName(archive, l.sources())).isEqualTo("host-a");
    }

    @Test
    void anArchiveOfOneDumpAuditsAsThatDump() throws IOException {
        Archives.Listing l = Archives.list(FIXTURES.resolve("host-a.7z"));
        ReadResult packed = Inputs.read(l.sources().get(1), ReadOptions.defaults());
        ReadResult plain = Inputs.read(Source.of(SHORT), ReadOptions.defaults());
        assertThat(packed.listeners()).hasSize(plain.listeners().size()).isNotEmpty();
        assertThat(packed.problems()).isEmpty();
    }

    @Test
    void encryptedArchivesAndUnreadMethodsSayWhatToDo() throws IOException {
        assertThat(catchThrowable(() -> Archives.list(FIXTURES.resolve("host-a-encrypted.7z"))))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage(FIXTURES.resolve("host-a-encrypted.7z") + ": an encrypted 7-Zip archive: unpack it with its"
                        + " password ('7z x FILE') and give portolan the files inside (or their folder)");
        assertThat(catchThrowable(() -> Archives.list(FIXTURES.resolve("host-a-encrypted-names.7z"))))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining(": a 7-Zip archive encrypted with its file names: unpack it with its password");
        // PPMd: listed, and each file says why it is not read
        Archives.Listing ppmd = Archives.list(FIXTURES.resolve("host-a-ppmd.7z"));
        assertThat(ppmd.sources()).hasSize(3);
        assertThat(catchThrowable(() -> content(ppmd.sources().get(1)))).isInstanceOf(IOException.class)
                .hasMessageContaining("packed with a method portolan does not read (7z method id 0x30401, e.g. PPMd");
    }

    @Test
    void aCorruptFileFailsItsChecksumAndACutArchiveIsDamaged() throws IOException {
        byte[] copy = Files.readAllBytes(FIXTURES.resolve("host-a-copy-plain-header.7z"));
        // the stored (Copy) data starts right after the 32-byte signature header: .hidden's 7 bytes, then the long file
        byte[] corrupt = copy.clone();
        corrupt[32 + 7 + 100] ^= 0x20;
        Path bad = Files.write(dir.resolve("bad.7z"), corrupt);
        Archives.Listing l = Archives.list(bad);
        assertThat(catchThrowable(() -> content(l.sources().get(0)))).isInstanceOf(java.util.zip.ZipException.class)
                .hasMessage("damaged 7z data: " + LONG_PATH + "'s checksum differs (corrupt data)");
        assertThat(content(l.sources().get(1))).isEqualTo(Files.readAllBytes(SHORT)); // the others read
        // a small file, whole in the head kept while listing, is checked too; stored in 7-Zip's order: .hidden (7
        // bytes), the long dump, link.txt (15), the short dump, notes.txt
        byte[] small = copy.clone();
        small[32 + 7 + (int) Files.size(LONG) + 15 + (int) Files.size(SHORT) + 3] ^= 0x20;
        Archives.Listing s = Archives.list(Files.write(dir.resolve("small.7z"), small));
        assertThat(catchThrowable(() -> content(s.sources().get(2)))).isInstanceOf(java.util.zip.ZipException.class)
                .hasMessage("damaged 7z data: host-a/notes.txt's checksum differs (corrupt data)");
        Path cut = Files.write(dir.resolve("cut.7z"), Arrays.copyOf(copy, copy.length - 50));
        assertThat(catchThrowable(() -> Archives.list(cut))).isInstanceOf(UnreadableInputException.class)
                .hasMessage(cut + ": a damaged 7-Zip archive (the header lies outside the file (cut short?))");
        byte[] header = copy.clone();
        header[copy.length - 10] ^= 1;
        Path badHeader = Files.write(dir.resolve("header.7z"), header);
        assertThat(catchThrowable(() -> Archives.list(badHeader))).isInstanceOf(UnreadableInputException.class)
                .hasMessage(badHeader + ": a damaged 7-Zip archive (the header's checksum differs)");
    }

    @Test
    void randomBytesAfterTheSignatureAreDamageNeverACrash() throws IOException {
        java.util.Random r = new java.util.Random(Long.getLong("sevenZipSeed", 5));
        byte[] good = Files.readAllBytes(FIXTURES.resolve("host-a.7z"));
        for (int i = 0; i < Integer.getInteger("sevenZipRounds", 300); i++) {
            byte[] b = good.clone();
            for (int k = 0; k < 1 + r.nextInt(4); k++) b[32 + r.nextInt(b.length - 32)] ^= (byte) (1 + r.nextInt(255));
            Path f = Files.write(dir.resolve("r" + i + ".7z"), b);
            try {
                for (Source s : Archives.list(f).sources()) {
                    try {
                        content(s);
                    } catch (IOException expected) {
                        // damage found while reading a file: said for that file
                    }
                }
            } catch (UnreadableInputException expected) {
                // damage found in the header: the archive is unreadable, saying so
            }
        }
    }

    @Test
    void onlyTheSignatureMakesOne() {
        assertThat(SevenZipArchives.isSevenZip(new byte[] {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C, 0, 4})).isTrue();
        assertThat(SevenZipArchives.isSevenZip("7z is a format".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }
}

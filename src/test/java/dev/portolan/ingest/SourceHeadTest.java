package dev.portolan.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A source's head is the first bytes of its content, whether the file is plain, tiny or compressed. */
class SourceHeadTest {
    @TempDir
    Path tmp;

    @Test
    void theHeadIsTheStartOfWhatOpenReads() throws Exception {
        byte[] text = "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       884\r\n".repeat(300).getBytes();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(text);
        }
        Path plain = Files.write(tmp.resolve("plain.txt"), text);
        Path tiny = Files.write(tmp.resolve("tiny.txt"), new byte[]{'T', 'C'});
        Path empty = Files.write(tmp.resolve("empty.txt"), new byte[0]);
        Path zipped = Files.write(tmp.resolve("netstat.txt.gz"), gz.toByteArray());
        for (Path p : new Path[]{plain, tiny, empty, zipped}) {
            for (int n : new int[]{0, 1, 3, 4, 16, 8192, 100_000}) {
                Source s = Source.of(p);
                byte[] expected;
                try (InputStream in = s.open()) {
                    expected = in.readNBytes(n);
                }
                assertThat(s.head(n)).as(p + " " + n).isEqualTo(expected);
            }
        }
        assertThat(Source.of(zipped).head(5)).isEqualTo(new byte[]{' ', ' ', 'T', 'C', 'P'});
        assertThat(Source.of(plain).head(8192)).hasSize(8192);
        assertThat(Source.of(tiny).head(16)).hasSize(2);
        assertThatThrownBy(() -> Source.of(tmp.resolve("missing.txt")).head(16)).isInstanceOf(NoSuchFileException.class);
    }
}

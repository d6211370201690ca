package dev.portolan.ingest.netstat;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextDecodingTest {

    private static List<String> lines(String text) throws Exception {
        PhysicalLineReader r = new PhysicalLineReader(new StringReader(text));
        List<String> out = new ArrayList<>();
        String l;
        while ((l = r.next()) != null) {
            out.add(r.lineNumber() + ":" + l);
        }
        return out;
    }

    @Test
    void lineBreaks() throws Exception {
        assertThat(lines("a\nb\r\nc\r\r\nd\re")).containsExactly("1:a", "2:b", "3:c", "4:d", "5:e");
        assertThat(lines("a\r\rb")).containsExactly("1:a", "2:", "3:b"); // two lone CRs are two breaks
        assertThat(lines("a\n\n")).containsExactly("1:a", "2:");
        assertThat(lines("")).isEmpty();
    }

    @Test
    void lineBreaksAcrossBufferBoundaries() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30_000; i++) sb.append("row").append(i).append("\r\r\n");
        List<String> out = lines(sb.toString());
        assertThat(out).hasSize(30_000);
        assertThat(out.get(29_999)).isEqualTo("30000:row29999");
    }

    @Test
    void detectsEncodings() {
        byte[] de = "  TCP    0.0.0.0:135   0.0.0.0:0   ABHÖREN   4\r\n".getBytes(Charset.forName("IBM850"));
        assertThat(TextDecoder.detect(de, de.length, NetstatReader::score).charset().name()).isEqualTo("IBM850");
        byte[] ja = "アクティブな接続\r\n  TCP  0.0.0.0:135  0.0.0.0:0  LISTENING  4\r\n".getBytes(Charset.forName("windows-31j"));
        assertThat(TextDecoder.detect(ja, ja.length, NetstatReader::score).charset().name()).isEqualTo("windows-31j");
        byte[] u16 = "  TCP  0.0.0.0:135  0.0.0.0:0  LISTENING\r\n".getBytes(StandardCharsets.UTF_16LE); // no BOM
        assertThat(TextDecoder.detect(u16, u16.length, NetstatReader::score).charset()).isEqualTo(StandardCharsets.UTF_16LE);
        byte[] u8 = "  TCP  0.0.0.0:135  0.0.0.0:0  ÉCOUTE\n".getBytes(StandardCharsets.UTF_8);
        assertThat(TextDecoder.detect(u8, u8.length, NetstatReader::score).reason()).isEqualTo("valid UTF-8");
    }

    @Test
    void legacyCodePagesDecodeAsciiAlikeSoOnlyOtherLinesAreScored() {
        byte[] ascii = new byte[128];
        for (int i = 0; i < 128; i++) ascii[i] = (byte) i;
        String expected = new String(ascii, StandardCharsets.US_ASCII);
        for (String name : TextDecoder.LEGACY) {
            if (!Charset.isSupported(name)) continue;
            assertThat(new String(ascii, Charset.forName(name))).as(name).isEqualTo(expected);
        }
        byte[] ja = "TCP 0.0.0.0:1 0.0.0.0:0 LISTENING\r\nアクティブな接続\r\n\r\nTCP 0.0.0.0:2 0.0.0.0:0 待ち受け中\nend"
                .getBytes(Charset.forName("windows-31j"));
        byte[] telling = TextDecoder.nonAsciiLines(ja, ja.length);
        assertThat(new String(telling, Charset.forName("windows-31j"))).isEqualTo("アクティブな接続\nTCP 0.0.0.0:2 0.0.0.0:0 待ち受け中\n");
    }

    @Test
    void plainAsciiMeansNoHighByteAndNoNulAnywhere() {
        byte[] text = "  TCP    0.0.0.0:135   0.0.0.0:0   LISTENING   4\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(TextDecoder.isPlainAscii(text, text.length)).isTrue();
        for (int at : new int[] {0, 7, 8, 15, 16, text.length - 1}) { // in a whole word and in the tail
            for (byte b : new byte[] {0, (byte) 0x80, (byte) 0xFF}) {
                byte[] t = text.clone();
                t[at] = b;
                assertThat(TextDecoder.isPlainAscii(t, t.length)).as("byte %d at %d", b, at).isFalse();
                assertThat(TextDecoder.isPlainAscii(t, at)).as("only before %d", at).isTrue();
            }
        }
    }
}

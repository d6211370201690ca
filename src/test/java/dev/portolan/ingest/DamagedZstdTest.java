package dev.portolan.ingest;

import dev.portolan.ingest.firewall.FirewallLogReader;
import dev.portolan.ingest.netstat.NetstatReader;
import dev.portolan.ingest.pcap.CaptureReader;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * zstd frames whose headers the decoder cannot take are damaged inputs (an IOException, as for damaged gzip), never a
 * reader's crash. The first frame is what the daily fuzzing run found on 2026-11-30: aircompressor threw
 * ArithmeticException ("integer overflow") for a single-segment frame announcing more than 2 GiB of content.
 */
public class DamagedZstdTest {
    @TempDir
    Path dir;

    /** magic, frame header descriptor, then one last raw block of 16 bytes ('x'). */
    static byte[] frame(byte descriptor, byte[] rest) {
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + rest.length + 3 + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xFD2FB528).put(descriptor).put(rest);
        int blockHeader = 1 | 16 << 3; // last block, raw, 16 bytes
        b.put((byte) blockHeader).put((byte) (blockHeader >> 8)).put((byte) (blockHeader >> 16));
        for (int i = 0; i < 16; i++) b.put((byte) 'x');
        return b.array();
    }

    /** Single segment, 8-byte content size of 8 GiB: the window is the content, beyond an int. */
    public static byte[] contentAbove2GiB() {
        return frame((byte) 0xE0, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 33).array());
    }

    @Test
    void aFrameAnnouncingMoreThan2GiBIsADamagedInputForEveryReader() throws IOException {
        Path f = Files.write(dir.resolve("pfirewall.log"), contentAbove2GiB());
        Source s = Source.of(f);
        assertThat(Compression.of(Files.readAllBytes(f))).isEqualTo(Compression.ZSTD);
        List<ThrowingCallable> reads = List.of(
                () -> new FirewallLogReader().read(s),
                () -> new CaptureReader().read(s),
                () -> new NetstatReader().read(s),
                () -> Inputs.read(s, ReadOptions.defaults()));
        for (ThrowingCallable r : reads) {
            // as a damaged gzip: the reader's IOException says what is wrong; the CLI names the file (FlowsCommandTest)
            assertThatThrownBy(r).isInstanceOf(IOException.class)
                    .hasMessageContaining("damaged or unsupported zstd data");
        }
    }

    @Test
    void theDecompressedStreamSaysDamagedWithWhatTheDecoderSaid() throws IOException {
        Path f = Files.write(dir.resolve("x.zst"), contentAbove2GiB());
        try (InputStream in = Source.of(f).open()) {
            assertThatThrownBy(() -> in.read(new byte[64])).isInstanceOf(java.util.zip.ZipException.class)
                    .hasMessage("damaged or unsupported zstd data: ArithmeticException: integer overflow");
        }
    }
}

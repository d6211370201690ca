package dev.portolan.ingest.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a classic little-endian, microsecond pcap file (the format every tool reads). Used by
 * {@link LiveCapture}; records keep the original wire length, so snap-length cuts stay visible.
 */
public final class PcapFileWriter implements Closeable {
    private final OutputStream out;
    private final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    private final int snaplen;

    public PcapFileWriter(Path file, int linkType, int snaplen) throws IOException {
        this(Files.newOutputStream(file), linkType, snaplen);
    }

    /** Writes to {@code stream} (closed with this writer). */
    public PcapFileWriter(OutputStream stream, int linkType, int snaplen) throws IOException {
        this.out = new BufferedOutputStream(stream, 1 << 16);
        this.snaplen = snaplen;
        header.putInt(ClassicPcapParser.MAGIC_US).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(snaplen).putInt(linkType);
        out.write(header.array(), 0, 24);
    }

    /** Writes one packet; {@code data} longer than the snap length is cut. */
    public void write(long micros, byte[] data, int originalLength) throws IOException {
        int caplen = Math.min(data.length, snaplen);
        header.clear();
        header.putInt((int) Math.floorDiv(micros, 1_000_000L)).putInt((int) Math.floorMod(micros, 1_000_000L))
                .putInt(caplen).putInt(Math.max(originalLength, caplen));
        out.write(header.array(), 0, 16);
        out.write(data, 0, caplen);
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

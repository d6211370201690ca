package dev.portolan.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads from a channel into a heap array in slices of at most {@link #SLICE} bytes. A channel read into a heap array
 * goes through a temporary direct buffer as large as the request, then a copy into the array. The chunked firewall
 * read asked for 1 MB at a time; in 64 KB slices its census of half a 5 M-line log took 208-260 instead of 327-410 ms
 * of CPU, and the two chunks' parsing about half a second less CPU in all (bench/firewall/RESULTS.md, "Sixth session").
 */
public final class ChannelSlices {
    /** The most one channel read asks for. */
    public static final int SLICE = 64 << 10;

    private ChannelSlices() {
    }

    /** Reads {@code len} bytes from file offset {@code pos}, fewer only at the end of the file; returns how many. */
    public static int readFully(FileChannel channel, byte[] b, int off, int len, long pos) throws IOException {
        int done = 0;
        while (done < len) {
            int n = channel.read(ByteBuffer.wrap(b, off + done, Math.min(SLICE, len - done)), pos + done);
            if (n < 0) break;
            done += n;
        }
        return done;
    }
}

package dev.portolan.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ChannelSlicesTest {
    private static byte[] content() {
        byte[] data = new byte[3 * ChannelSlices.SLICE + 12_345];
        new Random(7).nextBytes(data);
        return data;
    }

    @Test
    void readFullyReadsManySlicesFromAnOffsetIntoAnOffset(@TempDir Path dir) throws Exception {
        byte[] data = content();
        Path f = Files.write(dir.resolve("data.bin"), data);
        byte[] into = new byte[data.length];
        int len = 2 * ChannelSlices.SLICE + 999; // more than one slice, not a multiple of one
        try (FileChannel ch = FileChannel.open(f)) {
            assertEquals(len, ChannelSlices.readFully(ch, into, 5, len, 1_000));
        }
        assertArrayEquals(Arrays.copyOfRange(data, 1_000, 1_000 + len), Arrays.copyOfRange(into, 5, 5 + len));
        assertEquals(0, into[4]);
        assertEquals(0, into[5 + len]);
    }

    @Test
    void readFullyStopsAtTheEndOfTheFile(@TempDir Path dir) throws Exception {
        byte[] data = content();
        Path f = Files.write(dir.resolve("data.bin"), data);
        long from = data.length - ChannelSlices.SLICE - 10;
        byte[] into = new byte[4 * ChannelSlices.SLICE];
        try (FileChannel ch = FileChannel.open(f)) {
            assertEquals(ChannelSlices.SLICE + 10, ChannelSlices.readFully(ch, into, 0, into.length, from));
            assertEquals(0, ChannelSlices.readFully(ch, into, 0, 10, data.length));
        }
        assertArrayEquals(Arrays.copyOfRange(data, (int) from, data.length), Arrays.copyOf(into, ChannelSlices.SLICE + 10));
    }
}

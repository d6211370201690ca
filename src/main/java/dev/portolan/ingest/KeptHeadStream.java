package dev.portolan.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * One file of an archive: the first bytes kept while the archive was listed, then — only when a reader wants more — the
 * rest, from the file opened again ({@code file}: its content from its first byte) and read up to where the head ended.
 * A support bundle's many files that are no input are told apart by their heads and never read from the archive again.
 */
final class KeptHeadStream extends InputStream {
    private final String name;
    private final byte[] head;
    private final long size;
    private final Source.Opener file;
    private long pos;
    private InputStream rest;

    KeptHeadStream(String name, byte[] head, long size, Source.Opener file) {
        this.name = name;
        this.head = head;
        this.size = size;
        this.file = file;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (pos >= size) return -1;
        if (pos < head.length) {
            int n = (int) Math.min(len, head.length - pos);
            System.arraycopy(head, (int) pos, b, off, n);
            pos += n;
            return n;
        }
        if (rest == null) {
            rest = file.open();
            try {
                rest.skipNBytes(pos); // through the file's own stream: a reader that checks it (7-Zip's CRC) sees it whole
            } catch (EOFException e) {
                throw new IOException(name + ": the archive changed while it was read");
            }
        }
        int n = rest.read(b, off, (int) Math.min(len, size - pos));
        if (n < 0) throw new EOFException(name + ": the archive ends inside a file");
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (rest != null) rest.close();
    }
}

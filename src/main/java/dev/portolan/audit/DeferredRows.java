package dev.portolan.audit;

import dev.portolan.model.Connection;
import dev.portolan.model.Evidence;
import dev.portolan.model.Protocol;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Connection rows kept until the end of a dump, when it is known which ports listen: the first
 * {@link #IN_MEMORY} rows in memory, the rest written to a temporary file (deleted when read back, or at exit),
 * so memory stays bounded whatever the dump's length. Only what orienting a row needs is kept: protocol,
 * endpoints, evidence and the evidence's position. When no temporary file can be made the rows stay in memory.
 * Not thread-safe.
 */
final class DeferredRows {
    /** Rows held in memory before the rest goes to a temporary file (a few MB). */
    static final int IN_MEMORY = 16_384;
    private static final Protocol[] PROTOCOLS = Protocol.values();

    /** One kept row: the connection and its evidence's position in the audit's evidence order. */
    record Row(Connection connection, long position) {
    }

    private final int inMemory;
    private final List<Row> rows = new ArrayList<>();
    private Path spillPath;
    private DataOutputStream spill;
    private long count;
    private boolean cannotSpill;
    /** File names of the spilled evidence, each written once and then referred to by its number. */
    private final java.util.Map<String, Integer> fileNumbers = new java.util.HashMap<>();

    DeferredRows() {
        this(IN_MEMORY);
    }

    DeferredRows(int inMemory) {
        this.inMemory = inMemory;
    }

    void add(Connection c, long position) {
        count++;
        if (rows.size() < inMemory || cannotSpill || !openSpill()) {
            rows.add(new Row(c, position));
            return;
        }
        try {
            write(spill, c, position);
        } catch (IOException e) {
            throw new UncheckedIOException("writing connection rows to " + spillPath, e);
        }
    }

    long size() {
        return count;
    }

    /** True when some rows went to a temporary file. */
    boolean spilled() {
        return spillPath != null;
    }

    /** Hands every row to {@code each} (those in memory first, then the spilled ones in the order added) and frees them. */
    void drain(java.util.function.Consumer<Row> each) {
        for (Row r : rows) each.accept(r);
        rows.clear();
        if (spillPath == null) return;
        Path p = spillPath;
        try {
            spill.close();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16))) {
                List<String> files = new ArrayList<>();
                while (true) {
                    Row r = read(in, files);
                    if (r == null) break;
                    each.accept(r);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading connection rows back from " + p, e);
        } finally {
            spill = null;
            spillPath = null;
            fileNumbers.clear();
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // deleteOnExit is registered as well
            }
        }
    }

    private boolean openSpill() {
        if (spill != null) return true;
        try {
            Path p = Files.createTempFile("portolan-connections-", ".bin");
            p.toFile().deleteOnExit();
            spill = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(p), 1 << 16));
            spillPath = p;
            return true;
        } catch (IOException | SecurityException e) {
            cannotSpill = true; // no usable temporary folder: keep the rows in memory
            return false;
        }
    }

    private void write(DataOutputStream out, Connection c, long position) throws IOException {
        out.writeByte(c.proto().ordinal());
        text(out, c.localAddress());
        out.writeInt(c.localPort());
        text(out, c.remoteAddress());
        out.writeInt(c.remotePort());
        out.writeLong(position);
        Evidence e = c.evidence();
        out.writeBoolean(e != null);
        if (e == null) return;
        Integer n = fileNumbers.get(e.file());
        if (n == null) {
            fileNumbers.put(e.file(), fileNumbers.size());
            out.writeInt(-1);
            text(out, e.file());
        } else {
            out.writeInt(n);
        }
        out.writeLong(e.line());
        out.writeLong(e.packet());
        out.writeBoolean(e.time() != null);
        if (e.time() != null) text(out, e.time());
        text(out, e.text());
    }

    private static Row read(DataInputStream in, List<String> files) throws IOException {
        int proto;
        try {
            proto = in.readUnsignedByte();
        } catch (EOFException end) {
            return null;
        }
        String local = text(in);
        int localPort = in.readInt();
        String remote = text(in);
        int remotePort = in.readInt();
        long position = in.readLong();
        Evidence e = null;
        if (in.readBoolean()) {
            int n = in.readInt();
            String file;
            if (n < 0) {
                file = text(in);
                files.add(file);
            } else {
                file = files.get(n);
            }
            long line = in.readLong();
            long packet = in.readLong();
            String time = in.readBoolean() ? text(in) : null;
            e = new Evidence(file, line, packet, time, text(in));
        }
        return new Row(new Connection(PROTOCOLS[proto], local, localPort, remote, remotePort, null, 0, null, e), position);
    }

    /** Length-prefixed UTF-8 of any length (writeUTF stops at 64 KB). */
    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String text(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}

package dev.portolan.report;

import dev.portolan.model.Severity;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The temporary files behind a fleet report: one stream of host rows (text, written in host order) and one
 * stream of detail fragments per worst severity, so the report can list failing hosts first (errors, then
 * warnings …) while hosts arrive in name order. Deleted on close.
 */
final class FleetSpill implements Closeable {
    private final Path dir;
    private final Writer rows;
    private final DataOutputStream[] details = new DataOutputStream[Severity.values().length];
    private final long[] detailCount = new long[Severity.values().length];
    private long rowCount;

    /** One spilled detail: the host and its fragment. */
    record Detail(String host, String fragment) {
    }

    @FunctionalInterface
    interface DetailConsumer {
        void accept(Detail d) throws IOException;
    }

    FleetSpill() throws IOException {
        dir = Files.createTempDirectory("portolan-fleet-");
        rows = Files.newBufferedWriter(dir.resolve("rows"), StandardCharsets.UTF_8);
    }

    /** Appends a host row; rows are separated by {@code separator} when copied out. */
    void row(String row) throws IOException {
        rows.write(row);
        rows.write('\n');
        rowCount++;
    }

    long rows() {
        return rowCount;
    }

    void detail(Severity worst, String host, String fragment) throws IOException {
        int i = worst.ordinal();
        if (details[i] == null) {
            details[i] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve("detail-" + i)), 1 << 16));
        }
        byte[] h = host.getBytes(StandardCharsets.UTF_8);
        byte[] f = fragment.getBytes(StandardCharsets.UTF_8);
        details[i].writeInt(h.length);
        details[i].write(h);
        details[i].writeInt(f.length);
        details[i].write(f);
        detailCount[i]++;
    }

    long details() {
        long n = 0;
        for (long c : detailCount) n += c;
        return n;
    }

    /** Copies the rows out, each followed by {@code separator} except the last. */
    void copyRows(Writer out, String separator) throws IOException {
        rows.flush();
        try (var r = Files.newBufferedReader(dir.resolve("rows"), StandardCharsets.UTF_8)) {
            String line;
            boolean first = true;
            while ((line = r.readLine()) != null) {
                if (!first) out.write(separator);
                out.write(line);
                first = false;
            }
        }
    }

    /** Every detail, most severe worst severity first, in host order within one severity. */
    void eachDetail(DetailConsumer c) throws IOException {
        for (int i = details.length - 1; i >= 0; i--) {
            if (details[i] == null) continue;
            details[i].flush();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve("detail-" + i)), 1 << 16))) {
                while (true) {
                    int hl;
                    try {
                        hl = in.readInt();
                    } catch (EOFException e) {
                        break;
                    }
                    byte[] h = in.readNBytes(hl);
                    byte[] f = in.readNBytes(in.readInt());
                    c.accept(new Detail(new String(h, StandardCharsets.UTF_8), new String(f, StandardCharsets.UTF_8)));
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        rows.close();
        for (DataOutputStream d : details) if (d != null) d.close();
        deleteTree(dir);
    }

    /** Deletes a folder and everything in it. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}

package dev.portolan.ingest.pcap;

import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.InputReader;
import dev.portolan.ingest.FileReading;
import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.ObservationSink;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.UnreadableInputException;
import dev.portolan.model.Connection;
import dev.portolan.model.Flow;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * Reads pcap and pcapng captures (also gzipped) into bidirectional {@link dev.portolan.model.Flow}s in one
 * pass, in pure Java. Memory grows with the number of distinct flows, not with the file.
 *
 * <p>Byte counts are IP lengths (IPv4 total length, IPv6 40 + payload length) as sent on the wire, so a
 * packet cut by the snap length still counts in full and link headers never do. Damage (truncation, bad
 * block lengths) ends the read with an {@link dev.portolan.model.InputProblem} naming the byte offset and
 * packet number; the flows read before it are kept. A file that is not a capture at all raises
 * {@link UnreadableInputException}.
 */
public final class CaptureReader implements InputReader {
    /** Files at least this big are read by a second thread while this one decodes (smaller ones are read at once). */
    private static final long PREFETCH_FROM = 8 << 20;
    /** Uncompressed files at least this big are read in two halves on two threads (see {@link SplitRead}). */
    private static final long SPLIT_FROM = 16 << 20;
    private final IntPredicate isListenerPort;
    private final long prefetchFrom, splitFrom;
    /** Null: the whole flow table; else flows are pushed as they leave a table held within these bounds. */
    private final FlowTable.Bounds bounds;
    private final int chunk, reserve;
    /** False: whole tables' evidence without packet times and summaries (see the constructor). */
    private final boolean evidenceText;

    public CaptureReader() {
        this(null);
    }

    /**
     * @param isListenerPort decides the responder of flows without a TCP handshake (the side on a listener
     *                       port answers); null falls back to "the lower non-ephemeral port answers"
     */
    public CaptureReader(IntPredicate isListenerPort) {
        this(isListenerPort, true);
    }

    /**
     * @param wholeFlows keep every flow until the end of the file and push them then, in order of first packet
     *                   ({@code portolan flows}, {@code --include-flows}); false: push each flow as soon as it is done,
     *                   idle or evicted from a table of at most 65,536 flows, with later packets of a conversation that
     *                   left as {@linkplain Flow#isContinuation() continuations} (audits: memory flat in the capture's size)
     */
    public CaptureReader(IntPredicate isListenerPort, boolean wholeFlows) {
        this(isListenerPort, wholeFlows, true);
    }

    /**
     * @param evidenceText false: the whole flow table's evidence names each kept packet (file and number) without its
     *                     time and summary line, which a flow table never prints ({@code portolan flows})
     */
    public CaptureReader(IntPredicate isListenerPort, boolean wholeFlows, boolean evidenceText) {
        this(isListenerPort, wholeFlows ? null : FlowTable.Bounds.DEFAULT, PREFETCH_FROM, InputWindow.CHUNK,
                InputWindow.RESERVE, Runtime.getRuntime().availableProcessors() > 1 ? SPLIT_FROM : Long.MAX_VALUE, evidenceText);
    }

    /**
     * Tests: prefetch from {@code prefetchFrom} bytes on, with chunks of {@code chunk} bytes after {@code reserve} spare;
     * read whole tables of uncompressed files from {@code splitFrom} bytes on in two halves.
     */
    CaptureReader(IntPredicate isListenerPort, long prefetchFrom, int chunk, int reserve, long splitFrom) {
        this(isListenerPort, null, prefetchFrom, chunk, reserve, splitFrom, true);
    }

    private CaptureReader(IntPredicate isListenerPort, FlowTable.Bounds bounds, long prefetchFrom, int chunk, int reserve,
                          long splitFrom, boolean evidenceText) {
        this.evidenceText = evidenceText;
        this.isListenerPort = isListenerPort;
        this.bounds = bounds;
        this.prefetchFrom = prefetchFrom;
        this.splitFrom = splitFrom;
        this.chunk = chunk;
        this.reserve = reserve;
    }

    @Override
    public InputFormat format() {
        return InputFormat.PCAP;
    }

    /** True when {@code head} starts like a classic pcap (µs/ns/modified, either byte order) or a pcapng file. */
    public static boolean sniff(byte[] head) {
        if (head == null || head.length < 4) return false;
        int be = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        int le = Integer.reverseBytes(be);
        for (int m : new int[] {ClassicPcapParser.MAGIC_US, ClassicPcapParser.MAGIC_NS, ClassicPcapParser.MAGIC_MODIFIED}) {
            if (be == m || le == m) return true;
        }
        return be == PcapngParser.SHB;
    }

    @Override
    public FileSummary read(Source source, ObservationSink sink) throws IOException {
        return read(source, sink, bounds);
    }

    /**
     * Reads with a bounded flow table when {@code bounds} is given: flows go to {@code out} as they finish (see
     * {@link FlowTable}) and the result holds none; otherwise every flow is kept and returned in the result.
     */
    ReadResult read(Source source, FlowTable.Bounds bounds, Consumer<Flow> out) throws IOException {
        ReadResult.Collector kept = new ReadResult.Collector();
        ObservationSink sink = new ObservationSink() {
            @Override
            public void listener(Listener l) {
                kept.listener(l);
            }

            @Override
            public void connection(Connection c) {
                kept.connection(c);
            }

            @Override
            public void flow(Flow f) {
                out.accept(f);
            }

            @Override
            public void problem(InputProblem p) {
                kept.problem(p);
            }
        };
        return kept.result(read(source, sink, bounds));
    }

    /**
     * Reads, pushing into {@code sink}: with a bounded flow table when {@code bounds} is given (flows are pushed as
     * they finish, see {@link FlowTable}), else every flow at the end.
     */
    FileSummary read(Source source, ObservationSink sink, FlowTable.Bounds bounds) throws IOException {
        byte[] head = source.head(4);
        if (!sniff(head)) {
            throw new UnreadableInputException(source.name() + ": not a pcap or pcapng capture (unknown magic number)");
        }
        boolean ng = (head[0] & 0xff) == 0x0A && (head[1] & 0xff) == 0x0D;
        FileReading result = new FileReading(source, ng ? InputFormat.PCAPNG : InputFormat.PCAP, sink);
        FlowTable table = bounds == null ? new FlowTable(source.name(), isListenerPort, evidenceText)
                : new FlowTable(source.name(), isListenerPort, bounds, result::flow);
        PacketDecoder decoder = new PacketDecoder(table, result);
        long packets;
        long bytes;
        if (source.isSequential()) {
            long size = source.path() == null || !Files.isRegularFile(source.path()) ? 0 : Files.size(source.path());
            try (InputStream in = source.open();
                 InputWindow w = size >= prefetchFrom / 8 ? InputWindow.prefetching(in, chunk, reserve) : new InputWindow(in)) {
                packets = ng ? PcapngParser.parse(w, decoder, result) : ClassicPcapParser.parse(w, decoder, result);
                bytes = w.offset() + w.available();
            }
        } else if (bounds == null && Files.size(source.path()) >= splitFrom) {
            SplitRead.Outcome o = SplitRead.read(source, ng, table, decoder, result, isListenerPort);
            packets = o.packets();
            bytes = o.bytes();
        } else {
            try (FileChannel ch = FileChannel.open(source.path(), StandardOpenOption.READ);
                 InputWindow w = ch.size() >= prefetchFrom ? InputWindow.prefetching(ch, chunk, reserve)
                         : new InputWindow(ch, ch.size())) {
                packets = ng ? PcapngParser.parse(w, decoder, result) : ClassicPcapParser.parse(w, decoder, result);
                bytes = w.offset() + w.available();
            }
        }
        decoder.report();
        if (packets > 0 && decoder.unsupportedPackets() == packets) {
            // nothing was read: as unreadable as a file that is no capture, not a silent "0 flows"
            throw new UnreadableInputException(source.name() + ": all " + packets + " packets were skipped: "
                    + decoder.unsupportedSummary() + " is not a link type portolan reads");
        }
        result.setRecords(packets);
        result.setBytesRead(bytes);
        // whole table: the flows are made as they are got (bounded: the rest are pushed now, and the list is empty)
        List<Flow> rest = table.finish();
        if (bounds == null) result.flowTable(rest);
        if (table.forgotDepartedFlows()) {
            result.flowsMayBeCountedTwice();
            result.addNote("the reader had to forget flows that had ended (it remembers " + bounds.departedKeys() + ", four to a "
                    + "slot): one whose packets came again after that counts twice, so the flow count is at most this high; "
                    + "'portolan flows' counts the whole table exactly");
        }
        return result.summary();
    }
}

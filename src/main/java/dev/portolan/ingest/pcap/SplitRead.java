package dev.portolan.ingest.pcap;

import dev.portolan.ingest.FileReading;
import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.ObservationSink;
import dev.portolan.ingest.Source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntPredicate;

/**
 * Reads an uncompressed capture on two threads into one whole flow table: the calling thread reads from the start;
 * a second thread finds a record boundary near the middle (a chain of well-formed records: lengths within the
 * limits, plausible times; for pcapng, equal leading and trailing block lengths) and reads from there to the end
 * with its own decoder and flow table, numbering its packets from 1. When the first thread arrives exactly at the
 * record the second began with, it takes over the second's flows and counts (packet numbers shifted by its own
 * packet count) and stops: the flows, packet numbers, notes and problems are those of a one-thread read.
 *
 * <p>The second half is a guess the first thread checks. Whenever the halves cannot be joined exactly, the first
 * thread reads on to the end by itself and the second half's work is dropped: no boundary was found, the first
 * thread stepped over the second's start (a false boundary) or stopped before it (damage), the second half reported
 * a problem (problems name packet numbers it does not know) or met an IP fragment (fragments are matched across
 * packets), or, in pcapng, the section state there (byte order, interfaces) is not the one the second half assumed.
 */
final class SplitRead {
    /** Records (or blocks) in a row that must look right for a place to count as a boundary. */
    static final int CHAIN = 16;
    /** Bytes searched for a boundary from the middle on. */
    private static final int SCAN = 4 << 20;
    /** The second thread checks every this many bytes whether it is still wanted. */
    private static final long CHECK_EVERY = 4 << 20;
    /** Bytes of the file start searched for the pcapng blocks before the first packet. */
    private static final int LEAD = 1 << 20;

    private SplitRead() {
    }

    /** What the read amounted to: packets and bytes read, and whether the two halves were joined. */
    record Outcome(long packets, long bytes, boolean joined) {
    }

    /**
     * Reads {@code source} (an uncompressed file) into {@code table} (whole-table mode) through {@code decoder}, as a
     * one-thread read would.
     */
    static Outcome read(Source source, boolean ng, FlowTable table, PacketDecoder decoder, FileReading result,
                        IntPredicate isListenerPort) throws IOException {
        try (FileChannel ch = FileChannel.open(source.path(), StandardOpenOption.READ)) {
            long size = ch.size();
            InputWindow w = new InputWindow(ch, size);
            if (!ng) {
                ClassicPcapParser.Header h = ClassicPcapParser.header(w, result);
                Half second = new Half(source, size, middle(w.offset(), size), null, h, isListenerPort);
                Join join = new Join(second, null);
                long packets = ClassicPcapParser.records(w, h, decoder, result, 0, join);
                if (!join.joined) {
                    second.cancel();
                    return new Outcome(packets, w.offset() + w.available(), false);
                }
                table.absorb(second.table, packets);
                decoder.absorb(second.decoder, packets);
                return new Outcome(packets + second.packets, size, true);
            }
            PcapngParser p = PcapngParser.start(w, decoder, result);
            PcapngParser.State lead;
            try (FileChannel head = FileChannel.open(source.path(), StandardOpenOption.READ)) {
                lead = PcapngParser.leadingState(new InputWindow(head, Math.min(size, LEAD)),
                        new FileReading(source, InputFormat.PCAPNG, ObservationSink.IGNORE), LEAD);
            }
            if (lead == null) {
                p.blocks(w, Checkpoints.NONE);
                return new Outcome(p.finish(), w.offset() + w.available(), false);
            }
            Half second = new Half(source, size, middle(w.offset(), size) & ~3L, lead, null, isListenerPort);
            Join join = new Join(second, () -> p.state().equals(lead));
            p.blocks(w, join);
            if (!join.joined) {
                second.cancel();
                return new Outcome(p.finish(), w.offset() + w.available(), false);
            }
            long before = p.packets();
            table.absorb(second.table, before);
            decoder.absorb(second.decoder, before);
            p.absorb(second.parser);
            return new Outcome(p.finish(), size, true);
        }
    }

    /** Where the search for the second half's start begins: half way through the records. */
    private static long middle(long firstRecord, long size) {
        return Math.max(firstRecord, firstRecord + (size - firstRecord) / 2);
    }

    /** The first thread's checkpoint: at the second half's start it joins (or, when it cannot, reads on). */
    private static final class Join implements Checkpoints {
        private final Half second;
        /** Pcapng: whether the section state where the first thread stands is the one the second half assumed. */
        private final java.util.function.BooleanSupplier sameState;
        boolean joined;

        Join(Half second, java.util.function.BooleanSupplier sameState) {
            this.second = second;
            this.sameState = sameState;
        }

        @Override
        public long first() {
            return second.from;
        }

        @Override
        public long at(long offset, long packetNo) {
            long start = second.start();
            if (start < 0) return Long.MAX_VALUE;
            if (offset < start) return start;
            if (offset > start || (sameState != null && !sameState.getAsBoolean())) {
                second.cancel();
                return Long.MAX_VALUE;
            }
            if (!second.finished()) return Long.MAX_VALUE;
            joined = true;
            return STOP;
        }
    }

    /** The second half: found, then read, on its own thread. */
    private static final class Half implements Runnable {
        private final Source source;
        private final long size, from;
        private final PcapngParser.State lead;
        private final ClassicPcapParser.Header header;
        final FlowTable table;
        final PacketDecoder decoder;
        private final FileReading result;
        PcapngParser parser;
        long packets;
        private final Thread thread;
        private final CountDownLatch found = new CountDownLatch(1);
        private volatile long startOffset = -1;
        private volatile boolean cancelled;
        private boolean ok;

        Half(Source source, long size, long from, PcapngParser.State lead, ClassicPcapParser.Header header,
             IntPredicate isListenerPort) {
            this.source = source;
            this.size = size;
            this.from = from;
            this.lead = lead;
            this.header = header;
            this.result = new FileReading(source, lead != null ? InputFormat.PCAPNG : InputFormat.PCAP, ObservationSink.IGNORE);
            this.table = new FlowTable(source.name(), isListenerPort);
            this.decoder = new PacketDecoder(table, result);
            this.thread = new Thread(this, "portolan-capture-second-half");
            thread.setDaemon(true);
            thread.start();
        }

        /** The file offset the second half starts at (waiting until it is known), or -1 when none was found. */
        long start() {
            try {
                found.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            return startOffset;
        }

        void cancel() {
            cancelled = true;
        }

        /** Waits for the second half to end; true when it read to the end of the file and can be joined. */
        boolean finished() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return ok;
        }

        @Override
        public void run() {
            try (FileChannel ch = FileChannel.open(source.path(), StandardOpenOption.READ)) {
                long start;
                try {
                    start = boundary(ch);
                    startOffset = start;
                } finally {
                    found.countDown();
                }
                if (start < 0) return;
                ch.position(start);
                InputWindow w = new InputWindow(ch, size - start, start);
                Checkpoints wanted = new Checkpoints() {
                    @Override
                    public long first() {
                        return start + CHECK_EVERY;
                    }

                    @Override
                    public long at(long offset, long packetNo) {
                        return cancelled ? STOP : offset + CHECK_EVERY;
                    }
                };
                if (lead == null) {
                    packets = ClassicPcapParser.records(w, header, decoder, result, 0, wanted);
                } else {
                    parser = PcapngParser.resumed(lead, decoder, result);
                    parser.blocks(w, wanted);
                    packets = parser.packets();
                }
                ok = !cancelled && w.offset() + w.available() == size && result.summary().problems() == 0
                        && decoder.standsAlone();
            } catch (IOException | RuntimeException e) {
                // the first thread reads this half itself, and meets whatever went wrong here in its own way
                ok = false;
            } finally {
                found.countDown();
            }
        }

        /** The first place at or after {@link #from} where {@link SplitRead#CHAIN} well-formed records begin, or -1. */
        private long boundary(FileChannel ch) throws IOException {
            int n = (int) Math.min(SCAN, size - from);
            if (n <= 0) return -1;
            byte[] b = new byte[n];
            ByteBuffer bb = ByteBuffer.wrap(b);
            while (bb.hasRemaining()) {
                if (ch.read(bb, from + bb.position()) < 0) return -1;
            }
            boolean fileEnd = from + n == size;
            long firstSec = -1;
            if (lead == null) {
                // the first record's second (it follows the 24-byte file header)
                ByteBuffer first = ByteBuffer.allocate(4);
                while (first.hasRemaining() && ch.read(first, 24 + first.position()) >= 0) {
                    // read on
                }
                if (!first.hasRemaining()) firstSec = Bytes.u32(first.array(), 0, header.bigEndian());
            }
            int step = lead != null ? 4 : 1;
            for (int p = 0; p < n; p += step) {
                boolean plausible = lead != null
                        ? PcapngParser.plausibleBlocks(b, p, n, fileEnd, lead.bigEndian(), CHAIN)
                        : ClassicPcapParser.plausibleRecords(b, p, n, fileEnd, header, firstSec, CHAIN);
                if (plausible) return from + p;
            }
            return -1;
        }
    }
}

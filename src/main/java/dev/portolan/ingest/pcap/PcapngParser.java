package dev.portolan.ingest.pcap;

import dev.portolan.ingest.FileReading;
import dev.portolan.ingest.UnreadableInputException;
import dev.portolan.model.Evidence;
import dev.portolan.model.InputProblem;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng: a sequence of blocks in sections. Each section header (SHB) sets the byte order; interface
 * blocks (IDB) give the link type and timestamp resolution of the packets that name them. Enhanced,
 * simple and obsolete packet blocks carry packets; every other block is skipped by its length.
 */
final class PcapngParser {
    static final int SHB = 0x0A0D0D0A, IDB = 1, OBSOLETE_PB = 2, SPB = 3, EPB = 6, ISB = 5;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int MAX_BLOCK = 1 << 26;

    private final PacketDecoder decoder;
    private final FileReading result;
    private final String file;
    /** The current section's byte order and interfaces. */
    private boolean be;
    /** An ArrayList, not a List: its size() and get() are then inlined in compiled code (once per packet). */
    private final ArrayList<Iface> ifaces = new ArrayList<>();
    private int sections;
    private long packetNo;
    /**
     * Packets the capture itself says it lost, from interface statistics blocks: per interface of the current section
     * the last block's isb_ifdrop and isb_osdrop (they count from the start of the capture), and the sum over the
     * sections before it. Absent options are -1.
     */
    private final java.util.Map<Integer, long[]> sectionDrops = new java.util.TreeMap<>();
    private long earlierDrops;
    private int interfacesWithDrops;
    /** A {@link #resumed} parser: the statistics of the section it started in, which the parser before it began. */
    private boolean resumedPart;
    private java.util.Map<Integer, long[]> continuedDrops;

    private PcapngParser(PacketDecoder decoder, FileReading result) {
        this.decoder = decoder;
        this.result = result;
        this.file = result.source().name();
    }

    /** Reads the whole capture; returns the number of packets read. */
    static long parse(InputWindow in, PacketDecoder decoder, FileReading result) throws IOException {
        PcapngParser p = start(in, decoder, result);
        p.blocks(in, Checkpoints.NONE);
        return p.finish();
    }

    /** One interface of the current section. */
    private static final class Iface {
        final int linkType;
        final long snaplen;
        /** Timestamp units per second is 10^exp10 or 2^exp2 (exactly one is >= 0). */
        int exp10 = 6, exp2 = -1;
        long offsetSeconds;

        Iface(int linkType, long snaplen) {
            this.linkType = linkType;
            this.snaplen = snaplen;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Iface f && f.linkType == linkType && f.snaplen == snaplen && f.exp10 == exp10
                    && f.exp2 == exp2 && f.offsetSeconds == offsetSeconds;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(linkType, snaplen, exp10, exp2, offsetSeconds);
        }

        long micros(long ts) {
            long us;
            if (exp2 >= 0) {
                long whole = exp2 >= 64 ? 0 : ts >>> exp2;
                long frac = exp2 >= 64 ? ts : ts & ((1L << exp2) - 1);
                us = whole * 1_000_000L + (long) (frac * 1e6 / Math.pow(2, exp2));
            } else if (exp10 == 6) {
                us = ts;
            } else if (exp10 < 6) {
                us = ts * POW10[6 - exp10];
            } else {
                us = exp10 - 6 < POW10.length ? Long.divideUnsigned(ts, POW10[exp10 - 6]) : 0;
            }
            return us + offsetSeconds * 1_000_000L;
        }
    }

    private static final long[] POW10 = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
        1_000_000_000, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L};

    /** Checks the first block (a section header) and returns a parser standing before it. */
    static PcapngParser start(InputWindow in, PacketDecoder decoder, FileReading result) throws IOException {
        if (!in.require(28) || !firstBlockOk(in)) {
            throw new UnreadableInputException(result.source().name() + ": pcapng section header block is damaged or truncated");
        }
        result.setVariant("pcapng");
        return new PcapngParser(decoder, result);
    }

    /**
     * A parser for a later part of a file, starting at a block boundary in the state {@code state} (the byte order and
     * interfaces of the section it is in, as {@link #state()} gave them); packets are numbered from 1.
     */
    static PcapngParser resumed(State state, PacketDecoder decoder, FileReading result) {
        PcapngParser p = new PcapngParser(decoder, result);
        p.resumedPart = true;
        p.be = state.bigEndian();
        p.ifaces.addAll(state.ifaces());
        return p;
    }

    /** What a block needs of the blocks before it: the section's byte order and interfaces. */
    record State(boolean bigEndian, List<Iface> ifaces) {
        State {
            ifaces = List.copyOf(ifaces);
        }
    }

    State state() {
        return new State(be, ifaces);
    }

    long packets() {
        return packetNo;
    }

    int sections() {
        return sections;
    }

    /** Takes over the sections and packets of the part of the file after this one (read by {@link #resumed}). */
    void absorb(PcapngParser later) {
        // the later part began in this parser's last section: its statistics of that section are the later ones
        sectionDrops.putAll(later.sections == 0 ? later.sectionDrops : later.continuedDrops);
        if (later.sections > 0) {
            endSection();
            earlierDrops = saturated(earlierDrops, later.earlierDrops);
            interfacesWithDrops += later.interfacesWithDrops;
            sectionDrops.putAll(later.sectionDrops);
        }
        sections += later.sections;
        packetNo += later.packetNo;
    }

    /** Adds the current section's lost packets to those of the sections before it. */
    private void endSection() {
        if (resumedPart && sections == 0) {
            // the section this part started in: the parser of the part before it adds it up (absorb)
            continuedDrops = new java.util.TreeMap<>(sectionDrops);
            sectionDrops.clear();
            return;
        }
        for (long[] d : sectionDrops.values()) {
            // counts past 2^63 (a damaged block) read as unknown; sums saturate
            long n = saturated(Math.max(d[0], 0), Math.max(d[1], 0));
            if (n > 0) {
                earlierDrops = saturated(earlierDrops, n);
                interfacesWithDrops++;
            }
        }
        sectionDrops.clear();
    }

    private static long saturated(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    /** Notes what the whole file held; returns the number of packets read. */
    long finish() {
        if (sections > 1) result.addNote(sections + " pcapng sections");
        endSection();
        if (earlierDrops > 0) {
            result.setLogGap(dev.portolan.model.LogGap.capture(file, interfacesWithDrops, earlierDrops));
            result.addNote("the capture lost " + earlierDrops + " packets by its own statistics (isb_ifdrop + isb_osdrop of "
                    + interfacesWithDrops + (interfacesWithDrops == 1 ? " interface" : " interfaces")
                    + "): flows may be missing or counted short");
        }
        return packetNo;
    }

    /**
     * Reads the blocks before the first packet block (the section header and interfaces) and returns the state they
     * leave, or null when the file has none such within its first {@code limit} bytes.
     */
    static State leadingState(InputWindow in, FileReading result, long limit) throws IOException {
        PcapngParser p = start(in, null, result);
        while (in.offset() < limit && in.require(12)) {
            int type = Bytes.i32(in.buf, in.pos, p.be);
            if (p.sections > 0 && (type == EPB || type == SPB || type == OBSOLETE_PB)) return p.state();
            if (!p.block(in)) return null;
        }
        return null;
    }

    /**
     * Reads blocks from the window's position to the end of the input, to damage, or to a {@link Checkpoints#STOP}
     * (asked with the packets read so far).
     */
    void blocks(InputWindow in, Checkpoints checkpoints) throws IOException {
        long ask = checkpoints.first();
        while (true) {
            long offset = in.offset();
            if (offset >= ask && (ask = checkpoints.at(offset, packetNo)) == Checkpoints.STOP) return;
            if (!block(in)) return;
        }
    }

    /** Reads one block; false at the end of the input or at damage that ends the read. */
    private boolean block(InputWindow in) throws IOException {
        long blockOffset = in.offset();
        if (!in.require(12)) {
            if (in.available() > 0) damage(result, file, packetNo + 1, blockOffset, "block header is cut off");
            return false;
        }
        byte[] b = in.buf;
        int p = in.pos;
        int type = Bytes.i32(b, p, be);
        if (type == SHB) {
            int magic = Bytes.i32(b, p + 8, false);
            if (magic == BYTE_ORDER_MAGIC) be = false;
            else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) be = true;
            else {
                damage(result, file, packetNo + 1, blockOffset, "section header has no byte-order magic");
                return false;
            }
            ifaces.clear();
            endSection();
            sections++;
        }
        int len = Bytes.i32(b, p + 4, be);
        if (len < 12 || (len & 3) != 0 || len > MAX_BLOCK) {
            damage(result, file, packetNo + 1, blockOffset, "block length " + Integer.toUnsignedString(len) + " is invalid");
            return false;
        }
        if (!in.require(len)) {
            damage(result, file, packetNo + 1, blockOffset, "block of " + len + " bytes is cut off after " + in.available());
            return false;
        }
        b = in.buf;
        p = in.pos;
        if (Bytes.i32(b, p + len - 4, be) != len) {
            damage(result, file, packetNo + 1, blockOffset, "trailing block length " + Integer.toUnsignedString(Bytes.i32(b, p + len - 4, be))
                    + " differs from the leading " + len);
            return false;
        }
        int body = len - 12; // between the leading length and the trailing length
        switch (type) {
            case SHB:
                if (body >= 8) {
                    int major = Bytes.u16(b, p + 12, be);
                    int minor = Bytes.u16(b, p + 14, be);
                    if (major != 1 || minor != 0) {
                        // as a classic header with a wrong version: the blocks are well formed, so read them, and say so
                        result.addProblem(new InputProblem(Evidence.ofFile(file, ""), "pcapng section " + sections
                                + " header says version " + major + "." + minor + " (expected 1.0); its byte-order magic and"
                                + " block lengths are valid, so it was read as pcapng 1.0"));
                    }
                }
                break;
            case ISB:
                if (body >= 12) {
                    long[] d = {-1, -1};
                    statistics(d, b, p + 20, p + len - 4, be);
                    if (d[0] >= 0 || d[1] >= 0) sectionDrops.put(Bytes.i32(b, p + 8, be), d);
                }
                break;
            case IDB:
                if (body < 8) {
                    damage(result, file, packetNo + 1, blockOffset, "interface block too short");
                } else {
                    Iface f = new Iface(Bytes.u16(b, p + 8, be), Bytes.u32(b, p + 12, be));
                    readOptions(f, b, p + 16, p + len - 4, be);
                    ifaces.add(f);
                }
                break;
            case EPB:
            case OBSOLETE_PB: {
                if (body < 20) {
                    damage(result, file, packetNo + 1, blockOffset, "packet block too short");
                    break;
                }
                int ifId = type == EPB ? Bytes.i32(b, p + 8, be) : Bytes.u16(b, p + 8, be);
                long ts = (Bytes.u32(b, p + 12, be) << 32) | Bytes.u32(b, p + 16, be);
                int caplen = Bytes.i32(b, p + 20, be);
                int origLen = Bytes.i32(b, p + 24, be);
                packetNo++;
                if (caplen < 0 || caplen > body - 20) {
                    damage(result, file, packetNo, blockOffset, "captured length " + Integer.toUnsignedString(caplen)
                            + " does not fit in its block of " + len + " bytes; packet skipped");
                    break;
                }
                if (ifId < 0 || ifId >= ifaces.size()) {
                    damage(result, file, packetNo, blockOffset, "packet names interface " + Integer.toUnsignedString(ifId)
                            + " but section " + sections + " declares " + ifaces.size() + "; packet skipped");
                    break;
                }
                Iface f = ifaces.get(ifId);
                decoder.decode(f.linkType, b, p + 28, caplen, origLen, f.micros(ts), packetNo, blockOffset);
                break;
            }
            case SPB: {
                packetNo++;
                if (ifaces.isEmpty() || body < 4) {
                    damage(result, file, packetNo, blockOffset, "simple packet block without an interface; packet skipped");
                    break;
                }
                Iface f = ifaces.get(0);
                long origLen = Bytes.u32(b, p + 8, be);
                long caplen = Math.min(origLen, body - 4);
                if (f.snaplen > 0) caplen = Math.min(caplen, f.snaplen);
                // simple packet blocks carry no timestamp
                decoder.decode(f.linkType, b, p + 12, (int) caplen, (int) Math.min(origLen, Integer.MAX_VALUE),
                        Long.MIN_VALUE, packetNo, blockOffset);
                break;
            }
            default:
                break; // SHB handled above; statistics, name resolution, custom and unknown blocks are skipped
        }
        in.skip(len);
        return true;
    }

    /**
     * True when {@code chain} blocks starting at {@code b[p]} are well formed (a length that is a multiple of 4 within
     * the limit, the same length at the block's end), or they run exactly to {@code end} when that is the end of the
     * file: a place to start reading in the middle.
     */
    static boolean plausibleBlocks(byte[] b, int p, int end, boolean fileEnd, boolean bigEndian, int chain) {
        for (int i = 0; i < chain; i++) {
            if (fileEnd && p == end) return i > 0;
            if (p + 12 > end) return false;
            int type = Bytes.i32(b, p, bigEndian);
            boolean be = bigEndian;
            if (type == SHB) {
                int magic = Bytes.i32(b, p + 8, false);
                if (magic != BYTE_ORDER_MAGIC && Integer.reverseBytes(magic) != BYTE_ORDER_MAGIC) return false;
                be = magic != BYTE_ORDER_MAGIC;
            }
            int len = Bytes.i32(b, p + 4, be);
            if (len < 12 || (len & 3) != 0 || len > MAX_BLOCK || p + len > end) return false;
            if (Bytes.i32(b, p + len - 4, be) != len) return false;
            if (type == EPB && (len < 32 || Integer.compareUnsigned(Bytes.i32(b, p + 20, be), len - 32) > 0)) return false;
            if (type == SHB) bigEndian = be;
            p += len;
        }
        return true;
    }

    private static boolean firstBlockOk(InputWindow in) {
        int magic = Bytes.i32(in.buf, in.pos + 8, false);
        return Bytes.i32(in.buf, in.pos, false) == SHB
                && (magic == BYTE_ORDER_MAGIC || Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC);
    }

    /** An interface statistics block's options: isb_ifdrop (5) and isb_osdrop (7), 8 bytes each, into {@code d}. */
    private static void statistics(long[] d, byte[] b, int p, int end, boolean be) {
        while (p + 4 <= end) {
            int code = Bytes.u16(b, p, be);
            int len = Bytes.u16(b, p + 2, be);
            if (code == 0 || p + 4 + len > end) return;
            if ((code == 5 || code == 7) && len == 8) {
                // a 64-bit value in the section's byte order
                long first = Bytes.u32(b, p + 4, be), second = Bytes.u32(b, p + 8, be);
                d[code == 5 ? 0 : 1] = be ? first << 32 | second : second << 32 | first;
            }
            p += 4 + ((len + 3) & ~3);
        }
    }

    /** Options: code (2), length (2), value padded to 4 bytes; only if_tsresol (9) and if_tsoffset (14) matter. */
    private static void readOptions(Iface f, byte[] b, int p, int end, boolean be) {
        while (p + 4 <= end) {
            int code = Bytes.u16(b, p, be);
            int olen = Bytes.u16(b, p + 2, be);
            if (code == 0 || p + 4 + olen > end) return;
            if (code == 9 && olen >= 1) {
                int r = b[p + 4] & 0xff;
                if ((r & 0x80) != 0) {
                    f.exp2 = r & 0x7f;
                    f.exp10 = -1;
                } else {
                    f.exp10 = r;
                }
            } else if (code == 14 && olen >= 8) {
                f.offsetSeconds = be ? Bytes.i64(b, p + 4) : Long.reverseBytes(Bytes.i64(b, p + 4));
            }
            p += 4 + ((olen + 3) & ~3);
        }
    }

    private static void damage(FileReading result, String file, long packetNo, long offset, String what) {
        result.addProblem(new InputProblem(Evidence.ofPacket(file, packetNo, null, ""),
                "capture damaged at byte offset " + offset + " (packet " + packetNo + "): " + what));
    }
}

package dev.portolan.ingest.pcap;

import dev.portolan.ingest.FileReading;
import dev.portolan.ingest.UnreadableInputException;
import dev.portolan.model.Evidence;
import dev.portolan.model.InputProblem;

import java.io.IOException;

/** The classic libpcap format: a 24-byte file header, then a 16-byte (24 for "modified pcap") header per packet. */
final class ClassicPcapParser {
    static final int MAGIC_US = 0xa1b2c3d4, MAGIC_NS = 0xa1b23c4d, MAGIC_MODIFIED = 0xa1b2cd34;
    /** Larger records than this are damage, not packets (libpcap's own limit is 256 KiB; allow jumbo snaplens). */
    private static final int MAX_RECORD = 1 << 24;

    private ClassicPcapParser() {
    }

    /** What the file header says about every record. */
    record Header(boolean bigEndian, boolean nanos, int recordHeader, int linkType, int maxRecord) {
    }

    /** Reads the whole capture; returns the number of packets read. */
    static long parse(InputWindow in, PacketDecoder decoder, FileReading result) throws IOException {
        return records(in, header(in, result), decoder, result, 0, Checkpoints.NONE);
    }

    /** Reads and checks the 24-byte file header (the window then stands at the first record). */
    static Header header(InputWindow in, FileReading result) throws IOException {
        String file = result.source().name();
        if (!in.require(24)) throw new UnreadableInputException(file + ": pcap file header is truncated (" + in.available() + " of 24 bytes)");
        byte[] b = in.buf;
        int p = in.pos;
        int magicBe = Bytes.i32(b, p, true);
        boolean be;
        int magic;
        if (magicBe == MAGIC_US || magicBe == MAGIC_NS || magicBe == MAGIC_MODIFIED) {
            be = true;
            magic = magicBe;
        } else {
            be = false;
            magic = Bytes.i32(b, p, false);
        }
        boolean nanos = magic == MAGIC_NS;
        int recordHeader = magic == MAGIC_MODIFIED ? 24 : 16;
        long snaplen = Bytes.u32(b, p + 16, be);
        // only the low 16 bits are the link type; the top bits say whether frames end in an FCS (and its length)
        int linkField = Bytes.i32(b, p + 20, be);
        int linkType = linkField & 0xffff;
        int major = Bytes.u16(b, p + 4, be);
        int minor = Bytes.u16(b, p + 6, be);
        if (major != 2 || minor > 4) {
            // some writers put a wrong version in an otherwise good header; read it, and say so
            if (!PacketDecoder.supports(linkType) || snaplen == 0) {
                throw new UnreadableInputException(file + ": pcap header with version " + major + "." + minor
                        + " (expected 2.4) and link type " + linkType + ", snap length " + snaplen + ": not a readable capture");
            }
            result.addProblem(new InputProblem(Evidence.ofFile(file, ""), "pcap file header says version " + major + "." + minor
                    + " (expected 2.4); the magic number, snap length and link type are valid, so the file was read as pcap 2.4"));
        }
        if ((linkField & 0x0bff0000) != 0) {
            // bits 16-25 and 27 are reserved (must be 0); libpcap refuses such a file, which is otherwise readable
            result.addProblem(new InputProblem(Evidence.ofFile(file, ""), String.format("pcap file header's link-type field"
                    + " 0x%08x has reserved bits set (expected 0); read as link type %d", linkField, linkType)));
        }
        result.setVariant("pcap-" + (nanos ? "ns" : "us") + "-" + (be ? "be" : "le") + (recordHeader == 24 ? "-modified" : ""));
        in.skip(24);
        return new Header(be, nanos, recordHeader, linkType, (int) Math.min(MAX_RECORD, Math.max(snaplen, 262_144)));
    }

    /**
     * Reads records from the window's position to the end of the input, to damage, or to a {@link Checkpoints#STOP};
     * packets are numbered on from {@code packetNo}. Returns the last packet number.
     */
    static long records(InputWindow in, Header h, PacketDecoder decoder, FileReading result, long packetNo,
                        Checkpoints checkpoints) throws IOException {
        String file = result.source().name();
        boolean be = h.bigEndian(), nanos = h.nanos();
        int recordHeader = h.recordHeader(), linkType = h.linkType(), maxRecord = h.maxRecord();
        long ask = checkpoints.first();
        while (true) {
            long recordOffset = in.offset();
            if (recordOffset >= ask && (ask = checkpoints.at(recordOffset, packetNo)) == Checkpoints.STOP) break;
            if (!in.require(recordHeader)) {
                if (in.available() > 0) {
                    truncated(result, file, packetNo + 1, recordOffset, "packet record header is cut off (" + in.available()
                            + " of " + recordHeader + " bytes)");
                }
                break;
            }
            byte[] b = in.buf;
            int p = in.pos;
            long sec = Bytes.u32(b, p, be);
            long frac = Bytes.u32(b, p + 4, be);
            int caplen = Bytes.i32(b, p + 8, be);
            int origLen = Bytes.i32(b, p + 12, be);
            if (caplen < 0 || caplen > maxRecord) {
                truncated(result, file, packetNo + 1, recordOffset, "captured length " + Integer.toUnsignedString(caplen)
                        + " exceeds the limit " + maxRecord + " (file damaged); reading stopped");
                break;
            }
            if (!in.require(recordHeader + caplen)) {
                truncated(result, file, packetNo + 1, recordOffset, "packet data is cut off (" + (in.available() - recordHeader)
                        + " of " + caplen + " bytes)");
                break;
            }
            packetNo++;
            long micros = sec * 1_000_000L + (nanos ? frac / 1000 : frac);
            decoder.decode(linkType, in.buf, in.pos + recordHeader, caplen, origLen, micros, packetNo, recordOffset);
            in.skip(recordHeader + caplen);
        }
        return packetNo;
    }

    /**
     * True when {@code chain} records starting at {@code b[p]} look like pcap records (some captured bytes, a length
     * within the limit, a wire length at least the captured one and below 16 MiB, a valid fraction of a second,
     * seconds within a day of each other and, when {@code firstSec} is not negative, within a year of the first
     * packet's), or they run exactly to {@code end} when that is the end of the file: a place to start reading in the
     * middle. Zero-filled payloads never pass (a record of no bytes at second 0).
     */
    static boolean plausibleRecords(byte[] b, int p, int end, boolean fileEnd, Header h, long firstSec, int chain) {
        long chainSec = -1;
        long fracLimit = h.nanos() ? 1_000_000_000L : 1_000_000L;
        boolean be = h.bigEndian();
        for (int i = 0; i < chain; i++) {
            if (fileEnd && p == end) return i > 0;
            if (p + h.recordHeader() > end) return false;
            long sec = Bytes.u32(b, p, be);
            long frac = Bytes.u32(b, p + 4, be);
            int caplen = Bytes.i32(b, p + 8, be), origLen = Bytes.i32(b, p + 12, be);
            if (caplen <= 0 || caplen > h.maxRecord() || origLen < caplen || origLen > 1 << 24 || frac >= fracLimit) {
                return false;
            }
            if (chainSec < 0) chainSec = sec;
            else if (Math.abs(sec - chainSec) > 86_400) return false;
            if (firstSec >= 0 && Math.abs(sec - firstSec) > 366 * 86_400L) return false;
            p += h.recordHeader() + caplen;
        }
        return true;
    }

    static void truncated(FileReading result, String file, long packetNo, long offset, String what) {
        result.addProblem(new InputProblem(Evidence.ofPacket(file, packetNo, null, ""),
                "capture damaged or truncated at byte offset " + offset + " (packet " + packetNo + "): " + what));
    }
}

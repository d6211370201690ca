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
    static final int SHB = 0x0A0D0D0A, IDB = 1, OBSOLETE_PB = 2, SPB = 3, EPB = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int MAX_BLOCK = 1 << 26;

    private PcapngParser() {
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

    static long parse(InputWindow in, PacketDecoder decoder, FileReading result) throws IOException {
        String file = result.source().name();
        if (!in.require(28) || !firstBlockOk(in)) {
            throw new UnreadableInputException(file + ": pcapng section header block is damaged or truncated");
        }
        result.setVariant("pcapng");
        List<Iface> ifaces = new ArrayList<>();
        boolean be = false;
        long packetNo = 0;
        int sections = 0;
        while (true) {
            long blockOffset = in.offset();
            if (!in.require(12)) {
                if (in.available() > 0) damage(result, file, packetNo + 1, blockOffset, "block header is cut off");
                break;
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
                    break;
                }
                ifaces.clear();
                sections++;
            }
            int len = Bytes.i32(b, p + 4, be);
            if (len < 12 || (len & 3) != 0 || len > MAX_BLOCK) {
                damage(result, file, packetNo + 1, blockOffset, "block length " + Integer.toUnsignedString(len) + " is invalid");
                break;
            }
            if (!in.require(len)) {
                damage(result, file, packetNo + 1, blockOffset, "block of " + len + " bytes is cut off after " + in.available());
                break;
            }
            b = in.buf;
            p = in.pos;
            if (Bytes.i32(b, p + len - 4, be) != len) {
                damage(result, file, packetNo + 1, blockOffset, "trailing block length " + Integer.toUnsignedString(Bytes.i32(b, p + len - 4, be))
                        + " differs from the leading " + len);
                break;
            }
            int body = len - 12; // between the leading length and the trailing length
            switch (type) {
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
        }
        if (sections > 1) result.addNote(sections + " pcapng sections");
        return packetNo;
    }

    private static boolean firstBlockOk(InputWindow in) {
        int magic = Bytes.i32(in.buf, in.pos + 8, false);
        return Bytes.i32(in.buf, in.pos, false) == SHB
                && (magic == BYTE_ORDER_MAGIC || Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC);
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

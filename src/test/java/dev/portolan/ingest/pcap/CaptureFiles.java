package dev.portolan.ingest.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes capture files for authored fixtures, independently of the main code's writer. */
final class CaptureFiles {
    private CaptureFiles() {
    }

    /** A classic pcap. {@code frames[i]} is sent at second {@code i + 1}, fraction {@code 123456} (µs) or {@code 123456789} (ns). */
    static byte[] pcap(boolean bigEndian, boolean nanos, int linkType, byte[]... frames) {
        return pcapMagic(bigEndian, nanos ? 0xa1b23c4d : 0xa1b2c3d4, linkType, frames);
    }

    static byte[] pcapMagic(boolean bigEndian, int magic, int linkType, byte[]... frames) {
        boolean modified = magic == 0xa1b2cd34;
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(ByteBuffer.allocate(24).order(order).putInt(magic).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(65535).putInt(linkType).array());
        int i = 0;
        for (byte[] f : frames) {
            i++;
            ByteBuffer h = ByteBuffer.allocate(modified ? 24 : 16).order(order);
            h.putInt(i).putInt(magic == 0xa1b23c4d ? 123_456_789 : 123_456).putInt(f.length).putInt(f.length);
            o.writeBytes(h.array());
            o.writeBytes(f);
        }
        return o.toByteArray();
    }

    /** pcapng built block by block. */
    static final class Ng {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

        Ng section(boolean bigEndian) {
            order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            ByteBuffer body = buf(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
            return block(0x0A0D0D0A, body.array());
        }

        /** tsresol < 0: option absent (µs). */
        Ng iface(int linkType, int tsresol, long tsoffset) {
            ByteBuffer body = buf(8 + 12 + 16 + 4).putShort((short) linkType).putShort((short) 0).putInt(0);
            if (tsresol >= 0) body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
            if (tsoffset != 0) body.putShort((short) 14).putShort((short) 8).putLong(tsoffset);
            body.putShort((short) 0).putShort((short) 0);
            return block(1, trim(body));
        }

        Ng epb(int ifId, long ts, byte[] data) {
            ByteBuffer body = buf(20 + pad(data.length)).putInt(ifId).putInt((int) (ts >>> 32)).putInt((int) ts)
                    .putInt(data.length).putInt(data.length).put(data);
            return block(6, body.array());
        }

        Ng spb(byte[] data) {
            ByteBuffer body = buf(4 + pad(data.length)).putInt(data.length).put(data);
            return block(3, body.array());
        }

        Ng block(int type, byte[] body) {
            int len = 12 + body.length;
            out.writeBytes(buf(8).putInt(type).putInt(len).array());
            out.writeBytes(body);
            out.writeBytes(buf(4).putInt(len).array());
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private ByteBuffer buf(int n) {
            return ByteBuffer.allocate(n).order(order);
        }

        private static byte[] trim(ByteBuffer b) {
            byte[] a = new byte[b.position()];
            System.arraycopy(b.array(), 0, a, 0, a.length);
            return a;
        }

        private static int pad(int n) {
            return (n + 3) & ~3;
        }
    }
}

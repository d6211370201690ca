package dev.portolan.ingest;

import dev.portolan.model.Direction;
import dev.portolan.model.Evidence;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.IpAddress;
import dev.portolan.model.Protocol;

import java.nio.charset.StandardCharsets;

/**
 * One firewall log line as a reader hands it to a {@link LogLineFold}: what a one-line flow would hold (the source is
 * the originator, as logged; for ICMP {@code srcPort} is 0 and {@code dstPort} the ICMP type; {@code bytes} 0 when the
 * size was not logged) and where the line is. The addresses are in {@link IpAddress}'s binary form (family, high and
 * low 64 bits), made into an {@link IpAddress} or a text only when asked.
 * <p>
 * A view the reader fills again for each line it hands over (one per reading thread: a 5 M-line log then makes no
 * garbage per line): valid only during the call that receives it, like {@code buffer[from, to)}, the line's record
 * text in the reader's buffer. A fold that keeps something of the line takes a value: {@link #src()}, {@link #srcText()},
 * {@link #evidence()} (which copies the text).
 */
public final class LogLine {
    private String file;
    private long line;
    private int ipProtocol;
    private boolean srcV6;
    private long srcHi;
    private long srcLo;
    private int srcPort;
    private boolean dstV6;
    private long dstHi;
    private long dstLo;
    private int dstPort;
    private FirewallAction action;
    private Direction direction;
    private long micros;
    private long bytes;
    private byte[] buffer;
    private int from;
    private int to;

    /** Makes this view the line described (for the reader that owns it). */
    public void set(String file, long line, int ipProtocol, boolean srcV6, long srcHi, long srcLo, int srcPort,
                    boolean dstV6, long dstHi, long dstLo, int dstPort, FirewallAction action, Direction direction,
                    long micros, long bytes, byte[] buffer, int from, int to) {
        this.file = file;
        this.line = line;
        this.ipProtocol = ipProtocol;
        this.srcV6 = srcV6;
        this.srcHi = srcHi;
        this.srcLo = srcLo;
        this.srcPort = srcPort;
        this.dstV6 = dstV6;
        this.dstHi = dstHi;
        this.dstLo = dstLo;
        this.dstPort = dstPort;
        this.action = action;
        this.direction = direction;
        this.micros = micros;
        this.bytes = bytes;
        this.buffer = buffer;
        this.from = from;
        this.to = to;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    public int ipProtocol() {
        return ipProtocol;
    }

    public Protocol proto() {
        return Protocol.ofLoggedNumber(ipProtocol);
    }

    public boolean srcV6() {
        return srcV6;
    }

    public long srcHi() {
        return srcHi;
    }

    public long srcLo() {
        return srcLo;
    }

    public int srcPort() {
        return srcPort;
    }

    public boolean dstV6() {
        return dstV6;
    }

    public long dstHi() {
        return dstHi;
    }

    public long dstLo() {
        return dstLo;
    }

    public int dstPort() {
        return dstPort;
    }

    public FirewallAction action() {
        return action;
    }

    public Direction direction() {
        return direction;
    }

    public long micros() {
        return micros;
    }

    public long bytes() {
        return bytes;
    }

    /** The source address as a value (made on each call). */
    public IpAddress src() {
        return new IpAddress(srcV6, srcHi, srcLo);
    }

    /** The destination address as a value (made on each call). */
    public IpAddress dst() {
        return new IpAddress(dstV6, dstHi, dstLo);
    }

    public String srcText() {
        return IpAddress.format(srcV6, srcHi, srcLo);
    }

    public String dstText() {
        return IpAddress.format(dstV6, dstHi, dstLo);
    }

    /** The line as evidence (a copy of its text): the same as the evidence of the one-line flow. */
    public Evidence evidence() {
        return Evidence.ofLine(file, line, new String(buffer, from, to - from, StandardCharsets.UTF_8));
    }
}

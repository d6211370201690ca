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
 * size was not logged) and where the line is. {@code buffer[from, to)} is the line's record text in the reader's
 * buffer: valid only during the call that receives this line, so a fold that keeps the line takes
 * {@link #evidence()}, which copies it.
 */
public record LogLine(String file, long line, int ipProtocol, IpAddress src, int srcPort, IpAddress dst, int dstPort,
                      FirewallAction action, Direction direction, long micros, long bytes,
                      byte[] buffer, int from, int to) {

    public Protocol proto() {
        return Protocol.ofNumber(ipProtocol);
    }

    /** The line as evidence (a copy of its text): the same as the evidence of the one-line flow. */
    public Evidence evidence() {
        return Evidence.ofLine(file, line, new String(buffer, from, to - from, StandardCharsets.UTF_8));
    }
}

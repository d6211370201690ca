package dev.portolan.ingest;

import java.time.ZoneId;
import java.util.function.IntPredicate;

/**
 * Options for reading inputs: the firewall log's time zone (null = local times kept as logged),
 * which capture reader to use ("default" or "pcap4j"), which ports are catalog listener ports
 * (used to guess a capture flow's initiator when no handshake was seen), and whether readers must build
 * the whole per-5-tuple flow table ({@code flows}, {@code --include-flows}) or may push flows in parts
 * as their bounded tables fill (audits).
 */
public record ReadOptions(ZoneId timeZone, String captureReader, IntPredicate listenerPort, boolean wholeFlows,
                          boolean evidenceText) {
    /** Flows a firewall log reading thread keeps before pushing them on, when whole flows are not needed. */
    public static final int STREAM_FLOW_CAP = 1 << 13;

    public ReadOptions(ZoneId timeZone, String captureReader, IntPredicate listenerPort) {
        this(timeZone, captureReader, listenerPort, false, true);
    }

    public ReadOptions(ZoneId timeZone, String captureReader, IntPredicate listenerPort, boolean wholeFlows) {
        this(timeZone, captureReader, listenerPort, wholeFlows, true);
    }

    public static ReadOptions defaults() {
        return new ReadOptions(null, "default", p -> false);
    }

    public ReadOptions withWholeFlows(boolean whole) {
        return new ReadOptions(timeZone, captureReader, listenerPort, whole, evidenceText);
    }

    /**
     * False: a firewall log's flows keep where their evidence lines are (file, line) but not the lines' text, which a
     * flow table never prints ({@code portolan flows}): about 55 bytes per flow instead of 250; a capture's whole flow
     * table keeps its evidence packets' numbers but not their times and summary lines. True by default.
     */
    public ReadOptions withEvidenceText(boolean keep) {
        return new ReadOptions(timeZone, captureReader, listenerPort, wholeFlows, keep);
    }
}

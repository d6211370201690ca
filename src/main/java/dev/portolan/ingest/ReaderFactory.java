package dev.portolan.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** A content sniffer plus a way to make the reader for that format; {@link #all()} is the detection order. */
public record ReaderFactory(InputFormat format, Predicate<byte[]> sniffer, Function<ReadOptions, InputReader> maker) {

    public boolean sniff(byte[] head) {
        return sniffer.test(head);
    }

    public InputReader create(ReadOptions options) {
        return maker.apply(options);
    }

    /** Captures first (binary magics), then firewall logs, then netstat/ss (the most permissive sniffer). */
    public static List<ReaderFactory> all() {
        List<ReaderFactory> out = new ArrayList<>();
        out.add(new ReaderFactory(InputFormat.PCAP, dev.portolan.ingest.pcap.CaptureReader::sniff,
                o -> "pcap4j".equals(o.captureReader())
                        ? new dev.portolan.ingest.pcap.Pcap4jCaptureReader(o.listenerPort())
                        : new dev.portolan.ingest.pcap.CaptureReader(o.listenerPort(), o.wholeFlows(), o.evidenceText())));
        out.add(new ReaderFactory(InputFormat.FIREWALL_LOG, dev.portolan.ingest.firewall.FirewallLogReader::sniff,
                o -> new dev.portolan.ingest.firewall.FirewallLogReader(dev.portolan.ingest.firewall.FirewallLogReader.Options
                        .defaults().withZone(o.timeZone()).withFlowCap(o.wholeFlows() ? 0 : ReadOptions.STREAM_FLOW_CAP)
                        .withEvidenceText(o.evidenceText()))));
        out.add(new ReaderFactory(InputFormat.NETSTAT, dev.portolan.ingest.netstat.NetstatReader::sniff,
                o -> new dev.portolan.ingest.netstat.NetstatReader()));
        return out;
    }

    /** The factory of one format (as in {@link #all()}). */
    public static ReaderFactory of(InputFormat format) {
        for (ReaderFactory f : all()) if (f.format() == format) return f;
        throw new IllegalArgumentException("no reader for " + format);
    }
}

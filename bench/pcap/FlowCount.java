import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.pcap.CaptureReader;
import dev.portolan.ingest.pcap.Pcap4jCaptureReader;

import java.nio.file.Path;

/** Benchmark driver: reads one capture with the chosen reader and prints packets and flows. */
public final class FlowCount {
    public static void main(String[] args) throws Exception {
        boolean pcap4j = args[0].equals("pcap4j");
        long t0 = System.nanoTime();
        ReadResult r = (pcap4j ? new Pcap4jCaptureReader() : new CaptureReader()).read(Source.of(Path.of(args[1])));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println(args[0] + ": packets=" + r.records() + " flows=" + r.flows().size() + " read_ms=" + ms
                + " problems=" + r.problemCount());
    }
}

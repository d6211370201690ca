package dev.portolan.ingest.pcap;

import dev.portolan.report.AtomicOutput;

import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Captures from a network interface with libpcap (through pcap4j) into a classic pcap file (µs,
 * little-endian; see {@link PcapFileWriter}), which the caller then reads with {@link CaptureReader}.
 * Capturing needs root or CAP_NET_RAW; both failure modes give a message that says what to install or grant.
 *
 * <pre>{@code
 * LiveCapture.Summary s = new LiveCapture("eth0").duration(Duration.ofSeconds(30)).filter("tcp port 4091")
 *         .progress((p, b) -> System.err.print("\r" + p + " packets")).captureTo(Path.of("dm.pcap"));
 * }</pre>
 */
public final class LiveCapture {
    /** Called at most every 200 ms and once at the end. */
    @FunctionalInterface
    public interface Progress {
        void update(long packets, long bytes);
    }

    /** What was captured: the file, packets and bytes written, and whether the kernel dropped packets. */
    public record Summary(Path file, long packets, long bytes, long droppedByKernel) {
    }

    private final String interfaceName;
    private Duration duration = Duration.ofSeconds(10);
    private String filter;
    private int snaplen = 262_144;
    private long maxPackets = Long.MAX_VALUE;
    private Progress progress = (p, b) -> { };
    private volatile boolean stopRequested;

    public LiveCapture(String interfaceName) {
        this.interfaceName = interfaceName;
    }

    public LiveCapture duration(Duration d) { this.duration = d; return this; }
    /** A BPF expression as tcpdump takes it, e.g. "tcp port 4091 or udp". */
    public LiveCapture filter(String bpf) { this.filter = bpf; return this; }
    public LiveCapture snaplen(int bytes) { this.snaplen = bytes; return this; }
    public LiveCapture maxPackets(long n) { this.maxPackets = n; return this; }
    public LiveCapture progress(Progress p) { this.progress = p; return this; }

    /** Ends a running {@link #captureTo} early (from another thread); the file written so far is kept. */
    public void stop() {
        stopRequested = true;
    }

    /** Captures until the duration passes, {@code maxPackets} are written or {@link #stop()} is called. */
    public Summary captureTo(Path file) throws IOException {
        String missing = Pcap4jCaptureReader.unavailableReason();
        if (missing != null) throw new IOException(missing);
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            throw new IOException(file + ": not a regular file; the capture is read back for the audit, so write it to a file");
        }
        PcapHandle handle = open();
        long[] counts = new long[3]; // packets, bytes, dropped by the kernel
        // written like every report: through a temporary sibling renamed into place (removed if the run is stopped)
        AtomicOutput.writeBytes(abs, stream -> record(handle, stream, counts));
        progress.update(counts[0], counts[1]);
        return new Summary(abs, counts[0], counts[1], counts[2]);
    }

    private void record(PcapHandle handle, java.io.OutputStream stream, long[] counts) throws IOException {
        long packets = 0;
        long bytes = 0;
        long dropped = 0;
        try (handle; PcapFileWriter out = new PcapFileWriter(stream, handle.getDlt().value(), snaplen)) {
            if (filter != null && !filter.isBlank()) handle.setFilter(filter, BpfProgram.BpfCompileMode.OPTIMIZE);
            // in immediate mode a blocking read may never time out on an idle interface, so the deadline would
            // never be checked: read non-blocking and nap briefly when nothing is waiting
            handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            long deadline = System.nanoTime() + duration.toNanos();
            long nextReport = 0;
            while (!stopRequested && packets < maxPackets && System.nanoTime() < deadline) {
                byte[] data;
                try {
                    data = handle.getNextRawPacketEx();
                } catch (TimeoutException e) {
                    try {
                        Thread.sleep(5); // nothing waiting: check the clock again shortly
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    continue;
                } catch (EOFException e) {
                    break;
                }
                Timestamp ts = handle.getTimestamp();
                long micros = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000L + ts.getNanos() / 1000;
                Integer orig = handle.getOriginalLength();
                out.write(micros, data, orig == null ? data.length : orig);
                packets++;
                bytes += data.length;
                long now = System.nanoTime();
                if (now >= nextReport) {
                    progress.update(packets, bytes);
                    nextReport = now + 200_000_000L;
                }
            }
            try {
                dropped = handle.getStats().getNumPacketsDropped();
            } catch (PcapNativeException | UnsupportedOperationException e) {
                dropped = -1; // statistics are not available on every platform
            }
        } catch (PcapNativeException e) {
            throw new IOException("capture on " + interfaceName + " failed: " + e.getMessage(), e);
        } catch (NotOpenException e) {
            throw new IOException("capture handle on " + interfaceName + " closed unexpectedly", e);
        }
        counts[0] = packets;
        counts[1] = bytes;
        counts[2] = dropped;
    }

    private PcapHandle open() throws IOException {
        try {
            PcapNetworkInterface nif = Pcaps.getDevByName(interfaceName);
            if (nif == null) throw new IOException("no network interface named '" + interfaceName + "' (see `ip link`)");
            return new PcapHandle.Builder(interfaceName).snaplen(snaplen)
                    .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(100).immediateMode(true).build();
        } catch (PcapNativeException e) {
            String m = String.valueOf(e.getMessage());
            String lower = m.toLowerCase(Locale.ROOT);
            if (lower.contains("permission") || lower.contains("not permitted") || lower.contains("eperm")) {
                throw new IOException("capturing on " + interfaceName + " needs root or the CAP_NET_RAW capability"
                        + " (e.g. setcap cap_net_raw,cap_net_admin=eip on the java binary): " + m, e);
            }
            throw new IOException("cannot capture on " + interfaceName + ": " + m, e);
        }
    }
}

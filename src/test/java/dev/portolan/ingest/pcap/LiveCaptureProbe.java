package dev.portolan.ingest.pcap;

import java.nio.file.Path;
import java.time.Duration;

/** Runs {@link LiveCapture} in a child JVM, so that {@code ip netns exec} can place it inside a namespace. */
public final class LiveCaptureProbe {
    private LiveCaptureProbe() {
    }

    /** Arguments: interface, output file, milliseconds, BPF filter. */
    public static void main(String[] args) throws Exception {
        boolean[] seen = {false};
        // the first packet tells the test that the handle is open (JVM start-up under load can take seconds)
        LiveCapture c = new LiveCapture(args[0]).duration(Duration.ofMillis(Long.parseLong(args[2]))).filter(args[3])
                .progress((packets, bytes) -> {
                    if (!seen[0] && packets > 0) {
                        seen[0] = true;
                        System.out.println("PACKETS");
                        System.out.flush();
                    }
                });
        System.out.println("CAPTURING");
        System.out.flush();
        LiveCapture.Summary s = c.captureTo(Path.of(args[1]));
        System.out.println("DONE " + s.packets() + " " + s.bytes());
    }
}

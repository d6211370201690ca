package dev.portolan.cli;

import dev.portolan.ingest.pcap.LiveCapture;
import dev.portolan.report.Escape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** portolan capture: capture live traffic with libpcap (pcap4j), write it, then audit it like any other capture. */
@Command(name = "capture", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Captures from a network interface (needs libpcap and root or CAP_NET_RAW), writes the capture "
                + "(classic pcap format, whatever the file name) and audits it with the audit options below."})
public final class CaptureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--interface"}, required = true, paramLabel = "IF", description = "Interface to capture on (e.g. eth0).")
    String iface;

    @Option(names = "--duration", defaultValue = "60s", paramLabel = "TIME", description = "How long to capture: 30s, 5m, 1h or ISO-8601 (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--filter", paramLabel = "BPF", description = "Capture filter, e.g. 'tcp port 31300 or udp'.")
    String filter;

    @Option(names = "--max-packets", paramLabel = "N", description = "Stop after N packets.")
    long maxPackets;

    @Option(names = {"-w", "--write"}, paramLabel = "FILE", description = "Where to keep the capture (default: portolan-capture-<time>.pcap).")
    Path write;

    @Mixin
    AuditOptions options;

    @Override
    public Integer call() throws IOException {
        Duration d = parseDuration(duration);
        Path file = write != null ? write
                : Paths.get("portolan-capture-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".pcap");
        PrintWriter err = spec.commandLine().getErr();
        LiveCapture capture = new LiveCapture(iface).duration(d).progress((packets, bytes) -> {
            err.printf(Locale.ROOT, "\rportolan: captured %d packets, %d bytes", packets, bytes);
            err.flush();
        });
        if (filter != null) capture.filter(filter);
        if (maxPackets > 0) capture.maxPackets(maxPackets);
        LiveCapture.Summary s;
        try {
            s = capture.captureTo(file);
        } catch (IOException | RuntimeException e) {
            err.println();
            err.println("portolan: capture on " + Escape.text(iface) + " failed: " + Escape.text(e.getMessage()));
            err.flush();
            return ExitCode.USAGE.code();
        }
        err.printf(Locale.ROOT, "%nportolan: wrote %s (%d packets, %d bytes, %d dropped by the kernel)%n", s.file(), s.packets(), s.bytes(),
                s.droppedByKernel());
        err.flush();
        return options.execute(spec, List.of(s.file()));
    }

    private Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.matches("\\d+(ms|s|m|h)")) {
                long n = Long.parseLong(t.replaceAll("[a-z]+$", ""));
                if (t.endsWith("ms")) return Duration.ofMillis(n);
                if (t.endsWith("s")) return Duration.ofSeconds(n);
                if (t.endsWith("m")) return Duration.ofMinutes(n);
                return Duration.ofHours(n);
            }
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "bad --duration '" + text + "' (expected e.g. 30s, 5m, 1h or PT90S)");
        }
    }
}

package dev.portolan.batch;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Batch progress on stderr: on a terminal a bar redrawn in place at most five times a second (hosts done/total,
 * files, hosts per second, time left); elsewhere (a log, a CI job) one summary line at the end; quiet: nothing.
 */
public final class Progress implements FleetRun.Listener {
    private static final int BAR = 28;

    /** How progress shows. */
    public enum Mode { BAR, SUMMARY, QUIET }

    private final PrintWriter err;
    private final Mode mode;
    private final long startNanos = System.nanoTime();
    private int total;
    private long totalFiles;
    private int done;
    private long files;
    private long lastDraw;

    public Progress(PrintWriter err, Mode mode) {
        this.err = err;
        this.mode = mode;
    }

    /** BAR when file descriptor 2 is a terminal, else SUMMARY; QUIET when asked. */
    public static Mode modeFor(boolean quiet) {
        if (quiet) return Mode.QUIET;
        return stderrIsTerminal() ? Mode.BAR : Mode.SUMMARY;
    }

    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            // no /proc (macOS, Windows): a console means an interactive session
            return System.console() != null;
        }
    }

    @Override
    public void started(int hosts, long inputFiles) {
        total = hosts;
        totalFiles = inputFiles;
    }

    @Override
    public void hostDone(int hostFiles) {
        done++;
        files += hostFiles;
        if (mode != Mode.BAR) return;
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L && done < total) return;
        lastDraw = now;
        err.print("\r" + bar(now) + "\u001b[K");
        err.flush();
    }

    @Override
    public void finished() {
        if (mode == Mode.QUIET) return;
        if (mode == Mode.BAR) err.print("\r\u001b[K");
        double secs = (System.nanoTime() - startNanos) / 1e9;
        err.println(String.format(Locale.ROOT, "portolan: audited %d of %d host(s), %d of %d file(s) in %.1f s (%.0f hosts/s)",
                done, total, files, totalFiles, secs, secs > 0 ? done / secs : 0.0));
        err.flush();
    }

    String bar(long now) {
        double secs = Math.max(1e-3, (now - startNanos) / 1e9);
        double rate = done / secs;
        int filled = total == 0 ? BAR : (int) ((long) BAR * done / total);
        long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        return String.format(Locale.ROOT, "[%s%s] %d/%d hosts  %d files  %.0f hosts/s  ETA %d:%02d",
                "#".repeat(filled), ".".repeat(BAR - filled), done, total, files, rate, eta / 60, eta % 60);
    }
}

package dev.portolan.batch;

import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.InputWalk;
import dev.portolan.ingest.FileSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A run that read nothing must not pass: an empty folder, or inputs that held no listener, connection or flow. */
public final class ReadNothing {
    private ReadNothing() {
    }

    /** "DIR: the folder holds no input files" for every given folder with nothing to read in it. */
    public static List<String> emptyFolders(List<Path> given) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p) && !InputWalk.holdsInputFile(p)) {
                out.add(p + ": the folder holds no input files (hidden files and README.md are not inputs)");
            }
        }
        return out;
    }

    /**
     * Why a host's inputs gave nothing to audit ("x.pcap: 0 packets"), or empty when something was observed or a
     * file already failed on its own (that one is reported already).
     */
    static Optional<String> reason(List<FileSummary> results, boolean batch) {
        if (results.isEmpty()) return Optional.empty();
        // in a batch, a loose non-input beside the host folders (a script, notes) is a skipped file, not a host that read nothing
        if (batch && results.stream().allMatch(r -> r.skippedReason() != null)) return Optional.empty();
        List<String> what = new ArrayList<>();
        List<String> passedOver = new ArrayList<>();
        for (FileSummary r : results) {
            if (r.listeners() > 0 || r.connections() > 0 || r.flows() > 0 || r.problems() > 0) return Optional.empty();
            if (r.skippedReason() != null) passedOver.add(r.source().name());
            else what.add(r.source().name() + ": " + r.records() + " " + unit(r.format(), r.records()));
        }
        // the files passed over are named a few at a time (a bundle holds thousands; the notices list them)
        if (passedOver.size() > PASSED_OVER_NAMED) {
            what.add(passedOver.size() + " files passed over as no input ("
                    + dev.portolan.report.Labels.firstOf(passedOver, PASSED_OVER_NAMED) + ")");
        } else {
            for (String name : passedOver) what.add(name + ": not an input");
        }
        if (what.isEmpty()) return Optional.empty();
        return Optional.of("nothing to audit: no listener, connection or flow in " + String.join("; ", what));
    }

    /** Files passed over that the reason names one by one; more are counted. */
    static final int PASSED_OVER_NAMED = 3;

    private static String unit(InputFormat format, long n) {
        String u = format == InputFormat.PCAP || format == InputFormat.PCAPNG ? "packet" : "record";
        return u + (n == 1 ? "" : "s");
    }
}

package dev.portolan.audit;

import dev.portolan.ingest.FileSummary;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The INPUT_PROBLEM findings of a host's inputs. Identical problems of one file (the same message) are one
 * finding: "17 lines: not a netstat/ss row (...), first at line 3 (lines 3, 4, 9, 12, 20, ...)", with the first
 * lines as evidence, so one repeated defect does not bury the report.
 */
public final class InputProblemGroups {
    /** Groups listed per file; problems of further groups are counted in one finding. */
    public static final int GROUPS_LISTED = 50;
    /** Evidence lines kept (and line numbers named) per group. */
    public static final int EVIDENCE_KEPT = 5;

    private InputProblemGroups() {
    }

    /**
     * @param kept   per file, the problems kept while reading (the first {@link #EVIDENCE_KEPT} of each message)
     * @param counts per file, how many problems each of its first {@link #GROUPS_LISTED} messages had
     */
    public static List<Finding> findings(List<FileSummary> inputs, Map<String, List<InputProblem>> kept,
                                         Map<String, Map<String, Long>> counts) {
        List<Finding> out = new ArrayList<>();
        java.util.Set<String> done = new java.util.HashSet<>();
        Map<String, List<String>> skipped = new LinkedHashMap<>();
        java.util.Set<String> naming = new java.util.HashSet<>();
        for (FileSummary r : inputs) {
            if (done.add(r.source().name())) out.addAll(problemsOf(r, kept, counts));
            // a file given twice is problem-grouped once but each skip is said, under the name it was given as
            if (r.skippedReason() != null) skipped.computeIfAbsent(r.skippedReason(), k -> new ArrayList<>()).add(r.source().name());
            // a file passed over that names the host (a bundle's hostname file) is a fact, not something left out
            if (r.skippedReason() != null && r.hostName() != null) naming.add(r.skippedReason());
        }
        skipped.forEach((reason, files) -> out.add(skips(reason, files, naming.contains(reason) ? Severity.INFO : Severity.NOTICE)));
        return out;
    }

    /** Files named as evidence of one notice for the files skipped for one reason; the rest are counted. */
    public static final int SKIPPED_NAMED = 10;

    /**
     * The notice for the files passed over for one reason: "skipped while reading its folder: not a recognised input
     * (…)" for one (its evidence names it), "31 files skipped while reading their folder: not a recognised input (…)
     * (the first 10 named)" for several, so a support bundle's hundreds of other files are one notice.
     */
    private static Finding skips(String reason, List<String> files, Severity severity) {
        List<Evidence> named = new ArrayList<>();
        for (String f : files.subList(0, Math.min(SKIPPED_NAMED, files.size()))) named.add(Evidence.ofFile(f, ""));
        String message = reason;
        if (files.size() > 1) {
            message = files.size() + " files " + reason.replace("reading its folder", "reading their folder")
                    + (files.size() > SKIPPED_NAMED ? " (the first " + SKIPPED_NAMED + " named)" : "");
        }
        return Finding.of(FindingCode.INPUT_PROBLEM).severity(severity).evidence(named).message(message).build();
    }

    private static List<Finding> problemsOf(FileSummary r, Map<String, List<InputProblem>> kept,
                                            Map<String, Map<String, Long>> counts) {
        List<Finding> out = new ArrayList<>();
        Map<String, Long> fileCounts = counts.getOrDefault(r.source().name(), Map.of());
        long listedProblems = 0;
        for (Group g : groups(kept.getOrDefault(r.source().name(), List.of()))) {
            long n = fileCounts.getOrDefault(g.message(), (long) g.first().size());
            listedProblems += n;
            out.add(Finding.of(FindingCode.INPUT_PROBLEM).message(n == 1 ? g.message() : grouped(g.message(), n, g.first()))
                    .evidence(g.first()).build());
        }
        long rest = r.problems() - listedProblems;
        if (rest > 0) {
            out.add(Finding.of(FindingCode.INPUT_PROBLEM).evidence(Evidence.ofFile(r.source().name(), ""))
                    .message(rest + " more unreadable line(s)/record(s) in " + r.source().name() + " (not listed one by one)").build());
        }
        return out;
    }

    /**
     * The problems of one file a reader kept ({@code kept}, in input order, of {@code total} it counted), as lines for a
     * terminal, grouped as the findings are: one per message ("17 lines: bad protocol 'TCPX' …, first at line 3 (lines
     * 3, 4, 9, 12, 20, …)"; a message seen once as "file:line: message"), the first {@link #GROUPS_LISTED} messages, then
     * how many problems were not listed. A log with a thousand bad lines of one kind says so in one line.
     */
    public static List<String> lines(String file, List<InputProblem> kept, long total) {
        List<String> out = new ArrayList<>();
        long listedProblems = 0;
        for (Group g : groups(kept)) {
            long n = g.kept();
            listedProblems += n;
            out.add(n == 1 ? g.first().get(0).location() + ": " + g.message() : file + ": " + grouped(g.message(), n, g.first()));
        }
        long rest = Math.max(total, kept.size()) - listedProblems;
        if (rest > 0) out.add(file + ": " + rest + " more problem(s) (not listed one by one)");
        return out;
    }

    /** Problems of one message: how many were kept, and the first {@link #EVIDENCE_KEPT} of them. */
    private record Group(String message, long kept, List<Evidence> first) {
    }

    /** The kept problems by message, in the order their messages first came: the first {@link #GROUPS_LISTED} messages. */
    private static List<Group> groups(List<InputProblem> kept) {
        Map<String, List<Evidence>> first = new LinkedHashMap<>();
        Map<String, Long> counts = new java.util.HashMap<>();
        for (InputProblem p : kept) {
            List<Evidence> ev = first.computeIfAbsent(p.message(), k -> new ArrayList<>());
            if (ev.size() < EVIDENCE_KEPT) ev.add(p.evidence());
            counts.merge(p.message(), 1L, Long::sum);
        }
        List<Group> out = new ArrayList<>();
        for (var e : first.entrySet()) {
            if (out.size() == GROUPS_LISTED) break;
            out.add(new Group(e.getKey(), counts.get(e.getKey()), e.getValue()));
        }
        return out;
    }

    private static String grouped(String message, long n, List<Evidence> first) {
        boolean packets = first.get(0).packet() > 0 && first.get(0).line() <= 0;
        String unit = packets ? "packet" : "line";
        StringBuilder sb = new StringBuilder().append(n).append(' ').append(unit).append("s: ").append(message)
                .append(", first at ").append(unit).append(' ').append(number(first.get(0), packets))
                .append(" (").append(unit).append("s ");
        for (int i = 0; i < first.size(); i++) sb.append(i == 0 ? "" : ", ").append(number(first.get(i), packets));
        return sb.append(n > first.size() ? ", …)" : ")").toString();
    }

    private static long number(Evidence e, boolean packets) {
        return packets ? e.packet() : e.line();
    }
}

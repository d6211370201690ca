package dev.portolan.report;

import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Severity;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How a report is shown, the same for every format: the fail-on threshold of the verdict, the lowest
 * severity listed in detail (findings below it are collapsed to counts by code; display only, the exit
 * code still follows {@code failOn}), colour and width for the terminal, and a byte order mark for CSV.
 *
 * @param failOn      verdict threshold; null = "never" (every report passes)
 * @param minSeverity findings below this are collapsed to counts (default notice: expected behaviour collapsed)
 * @param color       ANSI colour in the text format
 * @param width       terminal columns for the text format
 * @param csvBom      start CSV with a UTF-8 byte order mark (for Excel)
 */
public record ReportOptions(Severity failOn, Severity minSeverity, boolean color, int width, boolean csvBom) {
    public static final int DEFAULT_WIDTH = 80;
    /** Narrower terminals still get 40 columns: below that nothing useful fits. */
    public static final int MIN_WIDTH = 40;
    public static final ReportOptions DEFAULTS = new ReportOptions(Severity.ERROR, Severity.NOTICE, false, DEFAULT_WIDTH, false);

    public ReportOptions {
        if (minSeverity == null) throw new IllegalArgumentException("minSeverity must be set");
        width = Math.max(MIN_WIDTH, width);
    }

    public ReportOptions withFailOn(Severity s) {
        return new ReportOptions(s, minSeverity, color, width, csvBom);
    }

    public ReportOptions withMinSeverity(Severity s) {
        return new ReportOptions(failOn, s, color, width, csvBom);
    }

    public ReportOptions withColor(boolean c) {
        return new ReportOptions(failOn, minSeverity, c, width, csvBom);
    }

    public ReportOptions withWidth(int w) {
        return new ReportOptions(failOn, minSeverity, color, w, csvBom);
    }

    public ReportOptions withCsvBom(boolean b) {
        return new ReportOptions(failOn, minSeverity, color, width, b);
    }

    /** Listed in detail (at or above {@code minSeverity}). */
    public boolean shown(Finding f) {
        return f.severity().atLeast(minSeverity);
    }

    /** True when this finding alone makes the verdict FAIL. */
    public boolean fails(Finding f) {
        return failOn != null && f.severity().atLeast(failOn);
    }

    /** The findings listed in detail, most severe first (report order within a severity). */
    public List<Finding> problems(List<Finding> findings) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : Labels.ordered(findings)) if (shown(f)) out.add(f);
        return out;
    }

    /** The findings below {@code minSeverity}, counted by code in code order (empty when nothing is collapsed). */
    public Map<FindingCode, Integer> collapsed(List<Finding> findings) {
        Map<FindingCode, Integer> m = new EnumMap<>(FindingCode.class);
        for (Finding f : findings) if (!shown(f)) m.merge(f.code(), 1, Integer::sum);
        return m;
    }

    /** How many findings are collapsed. */
    public int collapsedCount(List<Finding> findings) {
        int n = 0;
        for (Finding f : findings) if (!shown(f)) n++;
        return n;
    }
}

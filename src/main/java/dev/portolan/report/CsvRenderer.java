package dev.portolan.report;

import dev.portolan.batch.Suppressions;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.HostReport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * One row per finding, every finding (a data format: the display threshold does not apply), most severe
 * first within a host; RFC 4180 quoting by Commons CSV, "\n" record ends. The verdict travels in the last
 * columns: whether the finding fails the run ({@code fails}), the host's verdict and the threshold, and the
 * one-line "what to do". Optionally a UTF-8 byte order mark first, so Excel reads Japanese catalog texts right.
 * Every cell goes through {@link Escape#spreadsheet(String)} so a hostile host name or log line cannot run as
 * a formula when the file is opened in a spreadsheet. Absent values (no port, no peer) are empty cells.
 */
public final class CsvRenderer implements Renderer {
    public static final String NAME = "csv";
    public static final List<String> COLUMNS = List.of("host", "severity", "code", "proto", "port", "address", "peer",
            "product", "role", "message", "evidence", "evidence_text", "entry_id", "entry_source",
            "fails", "host_verdict", "fail_on", "advice", "suppressed_reason", "suppressed_by");

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader(COLUMNS.toArray(String[]::new))
            .setRecordSeparator("\n")
            .build();

    private final ReportOptions options;

    public CsvRenderer() {
        this(ReportOptions.DEFAULTS);
    }

    public CsvRenderer(ReportOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String extension() {
        return "csv";
    }

    @Override
    public ReportWriter open(Writer out, RunInfo run) throws IOException {
        if (options.csvBom()) out.write('\uFEFF');
        // not closed: closing the printer would close the caller's writer
        CSVPrinter printer = new CSVPrinter(out, FORMAT);
        printer.flush();
        return new ReportWriter.Listing() {
            @Override
            public void host(HostReport h, List<Suppressions.Suppressed> suppressed) throws IOException {
                Verdict v = Verdict.of(h.findings(), options.failOn());
                for (Finding f : Labels.ordered(h.findings())) printer.printRecord(row(h.host().name(), f, v, null));
                // accepted findings: fails "no", the row's reason and file:line in the last two columns
                for (Suppressions.Suppressed x : suppressed) printer.printRecord(row(h.host().name(), x.finding(), v, x.rule()));
                printer.flush();
            }

            @Override
            public void end(RunSummary summary) throws IOException {
                // the suppression file's own warnings: a row without host or code, the note as its message
                for (Suppressions.Note n : summary.notes()) {
                    List<String> cells = new ArrayList<>(java.util.Collections.nCopies(COLUMNS.size(), ""));
                    cells.set(COLUMNS.indexOf("severity"), n.warning() ? "warning" : "info");
                    cells.set(COLUMNS.indexOf("message"), Escape.spreadsheet(n.text()));
                    cells.set(COLUMNS.indexOf("fails"), "no");
                    printer.printRecord(cells);
                }
                printer.flush();
            }
        };
    }

    private List<String> row(String host, Finding f, Verdict v, Suppressions.Rule acceptedBy) {
        List<String> locations = new ArrayList<>();
        for (Evidence e : f.evidence()) locations.add(e.location());
        List<String> raw = List.of(
                Labels.nz(host),
                f.severity().label(),
                f.code().name(),
                f.proto() == null ? "" : f.proto().label(),
                f.port() < 0 ? "" : Integer.toString(f.port()),
                Labels.nz(f.address()),
                Labels.nz(f.peer()),
                Labels.nz(f.product()),
                Labels.nz(f.role()),
                Labels.nz(f.message()),
                String.join("; ", locations),
                f.evidence().isEmpty() ? "" : f.evidence().get(0).text(),
                Labels.nz(f.entryId()),
                Labels.nz(f.entrySource()),
                acceptedBy == null && options.fails(f) ? "yes" : "no",
                v.label(),
                v.failOnLabel(),
                Advice.whatToDo(f),
                acceptedBy == null ? "" : acceptedBy.reason(),
                acceptedBy == null ? "" : acceptedBy.location());
        List<String> cells = new ArrayList<>(raw.size());
        for (String cell : raw) cells.add(Escape.spreadsheet(cell));
        return cells;
    }
}

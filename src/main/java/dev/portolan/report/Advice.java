package dev.portolan.report;

import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Severity;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to do about a finding, and why it matters: rows of the data file {@code dev/portolan/report/advice.csv}
 * ({@code code,severity,why,fix}), shared by every report format and by {@code portolan explain}. A row with an
 * empty severity is the code's advice; a row with a severity is for findings of that code at that severity
 * (a listener only a heuristic baseline row explains is a notice whose advice is to confirm the process). The fix is a template: {@code {pp}} (proto/port), {@code {address}}, {@code {peer}},
 * {@code {role}} are filled from the finding, with a neutral word when the finding has no such value.
 */
public final class Advice {
    /** The advice of one code (for one severity, or for any when {@code severity} is null): why it matters, the fix template. */
    public record Entry(String code, Severity severity, String why, String fix) {
    }

    private static final Map<String, Entry> BY_CODE = load();

    private Advice() {
    }

    /** The advice for a code at any severity; every {@link FindingCode} has one (a test checks the data file). */
    public static Optional<Entry> of(FindingCode code) {
        return Optional.ofNullable(BY_CODE.get(key(code.name(), null)));
    }

    /** Every row of the data file, in file order. */
    public static List<Entry> all() {
        return List.copyOf(BY_CODE.values());
    }

    /** The row for a finding: its code at its severity when there is one, else its code. */
    static Entry entry(Finding f) {
        Entry e = BY_CODE.get(key(f.code().name(), f.severity()));
        return e != null ? e : BY_CODE.get(key(f.code().name(), null));
    }

    /** The one-line "what to do" for a finding, filled from its fields (raw text: each renderer escapes it). */
    public static String whatToDo(Finding f) {
        Entry e = entry(f);
        return e == null ? f.code().meaning() : fill(e.fix(), f);
    }

    /** {@link #whatToDo(Finding)} with {@code pp} and {@code address} in place of the finding's (several findings' advice at once). */
    static String whatToDo(Finding f, String pp, String address) {
        Entry e = entry(f);
        return e == null ? f.code().meaning() : fill(e.fix(), pp, address, Labels.nz(f.peer()), Labels.productRole(f));
    }

    /** The "why it matters" text for a finding, filled from its fields. */
    public static String why(Finding f) {
        Entry e = entry(f);
        return e == null ? "" : fill(e.why(), f);
    }

    private static String key(String code, Severity severity) {
        return severity == null ? code : code + "@" + severity.label();
    }

    /** A template with neutral words in place of the finding's values ("the port", "the product"). */
    public static String generic(String template) {
        return fill(template, "", "", "", "");
    }

    static String fill(String template, Finding f) {
        return fill(template, Labels.protoPort(f), Labels.nz(f.address()), Labels.nz(f.peer()), Labels.productRole(f));
    }

    private static String fill(String template, String pp, String address, String peer, String role) {
        return template
                .replace("{pp}", or(pp, "the port"))
                .replace("{address}", or(address, "this host"))
                .replace("{peer}", or(peer, "the peer"))
                .replace("{role}", or(role, "the product"));
    }

    private static String or(String s, String otherwise) {
        return s == null || s.isEmpty() ? otherwise : s;
    }

    private static Map<String, Entry> load() {
        String resource = "advice.csv";
        try (InputStream in = Advice.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource dev/portolan/report/" + resource);
            CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
            Map<String, Entry> m = new LinkedHashMap<>();
            try (CSVParser p = CSVParser.parse(new InputStreamReader(in, StandardCharsets.UTF_8), format)) {
                for (CSVRecord r : p) {
                    String sev = r.get("severity").trim();
                    Entry e = new Entry(r.get("code").trim(), sev.isEmpty() ? null : Severity.parse(sev), r.get("why").trim(),
                            r.get("fix").trim());
                    if (m.put(key(e.code(), e.severity()), e) != null) {
                        throw new IllegalStateException(resource + ":" + (r.getRecordNumber() + 1) + ": " + e.code()
                                + (sev.isEmpty() ? "" : " at " + sev) + " twice");
                    }
                }
            }
            return Collections.unmodifiableMap(m);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read dev/portolan/report/" + resource, e);
        }
    }
}

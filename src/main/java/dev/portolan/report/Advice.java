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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to do about a finding, and why it matters: rows of the data file {@code dev/portolan/report/advice.csv}
 * ({@code code,severity,firewall_exception,why,fix}), shared by every report format and by {@code portolan explain}. A
 * row with neither a severity nor a firewall exception is the code's advice; a row with a severity is for findings of
 * that code at that severity (a listener only a heuristic baseline row explains, which the finding names, is a notice
 * whose advice is to confirm the process); a row with a firewall exception is for findings about dropped traffic whose catalog row says that of
 * the exception (yes, no, auto, unspecified, or "depends" on settings not given), so that what to do is worded by what
 * the vendor document says. The fix is a template: {@code {pp}} (proto/port), {@code {address}}, {@code {peer}},
 * {@code {role}} are filled from the finding, with a neutral word when the finding has no such value; several addresses
 * (folded responders) read as "each of a, b and c".
 */
public final class Advice {
    /**
     * The advice of one code (for one severity, or for any when {@code severity} is null; for one firewall exception
     * answer, or for any when null): why it matters, the fix template.
     */
    public record Entry(String code, Severity severity, String firewallException, String why, String fix) {
    }

    private static final Map<String, Entry> BY_CODE = load();

    private Advice() {
    }

    /** The advice for a code at any severity; every {@link FindingCode} has one (a test checks the data file). */
    public static Optional<Entry> of(FindingCode code) {
        return Optional.ofNullable(BY_CODE.get(key(code.name(), null, null)));
    }

    /** Every row of the data file, in file order. */
    public static List<Entry> all() {
        return List.copyOf(BY_CODE.values());
    }

    /** The row for a finding: its code at its severity when there is one, else at its firewall exception, else its code. */
    static Entry entry(Finding f) {
        // the notice rows of listener codes are for what only a heuristic baseline row explains (the finding names the
        // row); a listener that is a notice for being on loopback only, on any OS, takes the code's own advice
        boolean heuristic = f.entryId() != null
                || f.code() != FindingCode.UNKNOWN_LISTENER && f.code() != FindingCode.EPHEMERAL_LISTENER;
        Entry e = heuristic ? BY_CODE.get(key(f.code().name(), f.severity(), null)) : null;
        if (e == null && f.firewallException() != null) e = BY_CODE.get(key(f.code().name(), null, answer(f.firewallException())));
        return e != null ? e : BY_CODE.get(key(f.code().name(), null, null));
    }

    /** yes, no, auto or unspecified as the catalog says it; "depends" for an answer that turns on settings not given. */
    static String answer(String firewallException) {
        return switch (firewallException) {
            case "yes", "no", "auto", "unspecified" -> firewallException;
            default -> "depends";
        };
    }

    /** The one-line "what to do" for a finding, filled from its fields (raw text: each renderer escapes it). */
    public static String whatToDo(Finding f) {
        Entry e = entry(f);
        return e == null ? f.code().meaning() : fill(e.fix(), f);
    }

    /** {@link #whatToDo(Finding)} with {@code pp} and {@code address} in place of the finding's (several findings' advice at once). */
    static String whatToDo(Finding f, String pp, String address) {
        return whatToDo(f, pp, address, peers(Labels.nz(f.peer())));
    }

    /** {@link #whatToDo(Finding, String, String)} with {@code peer} in place of the finding's peers too. */
    static String whatToDo(Finding f, String pp, String address, String peer) {
        Entry e = entry(f);
        return e == null ? f.code().meaning() : fill(e.fix(), pp, address, peer, Labels.productRole(f));
    }

    /** The "why it matters" text for a finding, filled from its fields. */
    public static String why(Finding f) {
        Entry e = entry(f);
        return e == null ? "" : fill(e.why(), f);
    }

    private static String key(String code, Severity severity, String firewallException) {
        return code + (severity == null ? "" : "@" + severity.label()) + (firewallException == null ? "" : "#" + firewallException);
    }

    /** A template with neutral words in place of the finding's values ("the port", "the product"). */
    public static String generic(String template) {
        return fill(template, "", "", "", "");
    }

    static String fill(String template, Finding f) {
        return fill(template, Labels.protoPort(f), addresses(Labels.nz(f.address())), peers(Labels.nz(f.peer())), Labels.productRole(f));
    }

    /** A finding's address, or its list of addresses ("a b c …", folded responders) as "each of a, b, c and others". */
    static String addresses(String address) {
        return listed(address, "each of ");
    }

    /** A finding's peer, or its list of peers ("a b c …", a sample of originators) as "a, b, c and others". */
    static String peers(String peer) {
        return listed(peer, "");
    }

    /** "a b c …" as {@code several} + "a, b, c and others"; one name as it is ("a and others" when more were left out). */
    private static String listed(String text, String several) {
        if (text.indexOf(' ') < 0) return text;
        List<String> list = new ArrayList<>(List.of(text.trim().split(" +")));
        boolean more = list.get(list.size() - 1).equals("…");
        if (more) list.remove(list.size() - 1);
        if (list.size() == 1) return list.get(0) + (more ? " and others" : "");
        String last = more ? "others" : list.remove(list.size() - 1);
        return several + String.join(", ", list) + " and " + last;
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
                    String exception = r.get("firewall_exception").trim();
                    Entry e = new Entry(r.get("code").trim(), sev.isEmpty() ? null : Severity.parse(sev),
                            exception.isEmpty() ? null : exception, r.get("why").trim(), r.get("fix").trim());
                    if (m.put(key(e.code(), e.severity(), e.firewallException()), e) != null) {
                        throw new IllegalStateException(resource + ":" + (r.getRecordNumber() + 1) + ": " + e.code()
                                + (sev.isEmpty() ? "" : " at " + sev) + (exception.isEmpty() ? "" : " for " + exception) + " twice");
                    }
                }
            }
            return Collections.unmodifiableMap(m);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read dev/portolan/report/" + resource, e);
        }
    }
}

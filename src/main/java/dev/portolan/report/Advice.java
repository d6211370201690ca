package dev.portolan.report;

import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
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
import java.util.Map;
import java.util.Optional;

/**
 * What to do about a finding, and why it matters: one row per finding code in the data file
 * {@code dev/portolan/report/advice.csv} ({@code code,why,fix}), shared by every report format and by
 * {@code portolan explain}. The fix is a template: {@code {pp}} (proto/port), {@code {address}}, {@code {peer}},
 * {@code {role}} are filled from the finding, with a neutral word when the finding has no such value.
 */
public final class Advice {
    /** The advice of one code: {@code why} it matters and the {@code fix} template. */
    public record Entry(String code, String why, String fix) {
    }

    private static final Map<String, Entry> BY_CODE = load();

    private Advice() {
    }

    /** The advice for a code; every {@link FindingCode} has one (a test checks the data file). */
    public static Optional<Entry> of(FindingCode code) {
        return Optional.ofNullable(BY_CODE.get(code.name()));
    }

    /** Every row of the data file, in file order. */
    public static Map<String, Entry> all() {
        return BY_CODE;
    }

    /** The one-line "what to do" for a finding, filled from its fields (raw text: each renderer escapes it). */
    public static String whatToDo(Finding f) {
        Entry e = BY_CODE.get(f.code().name());
        if (e == null) return f.code().meaning();
        return fill(e.fix(), f);
    }

    /** The "why it matters" text for a finding, filled from its fields. */
    public static String why(Finding f) {
        Entry e = BY_CODE.get(f.code().name());
        return e == null ? "" : fill(e.why(), f);
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
                    Entry e = new Entry(r.get("code").trim(), r.get("why").trim(), r.get("fix").trim());
                    if (m.put(e.code(), e) != null) {
                        throw new IllegalStateException(resource + ":" + (r.getRecordNumber() + 1) + ": code " + e.code() + " twice");
                    }
                }
            }
            return Collections.unmodifiableMap(m);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read dev/portolan/report/" + resource, e);
        }
    }
}

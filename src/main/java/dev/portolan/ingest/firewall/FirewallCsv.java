package dev.portolan.ingest.firewall;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A firewall log someone turned into CSV: PowerShell's {@code ConvertFrom-Csv -Header date,time,… -Delimiter ' '}
 * piped to {@code Export-Csv} (quoted values, an optional {@code #TYPE} line first, ';' with {@code -UseCulture} in
 * many locales), or a script that swapped the blanks for commas under a header of its own. The header names the log's
 * fields and each row is one record, so it is read as the log: the header becomes a {@code #Fields:} line and each
 * row the record's fields separated by blanks, one line for one line (line numbers stay the file's). Only files that
 * start this way go through here; the log's own lines never do.
 */
final class FirewallCsv {
    /** The fields the reader needs in every row (see {@link Columns#parseHeader}), and the ports a flow needs. */
    static final Set<String> NEEDED = Set.of("date", "time", "action", "protocol", "src-ip", "dst-ip");
    private static final Set<String> USED = Set.of("date", "time", "action", "protocol", "src-ip", "dst-ip", "src-port",
            "dst-port");
    private static final char[] DELIMITERS = {',', ';', '\t'};

    private FirewallCsv() {
    }

    /**
     * The delimiter of a CSV header line that names the firewall log's fields (date, time, action, protocol, src-ip and
     * dst-ip, each once, as single words), or 0. A {@code #Fields:} line has blanks between its names, never these.
     */
    static char headerDelimiter(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) return 0;
        for (char d : DELIMITERS) {
            if (t.indexOf(d) < 0) continue;
            List<String> names = fields(t, d);
            if (names == null || names.size() < NEEDED.size()) continue;
            int named = namesTheLog(names);
            if (named < 0) return 0;
            if (named > 0) return d;
        }
        return 0;
    }

    /**
     * 1 when {@code names} name the log's fields (each needed one, no name twice), 0 when they do not, -1 when one is no
     * name at all: empty, or not one word ('"#Fields:","date",…' is the log's own header line, split), which rules the
     * line out whatever its delimiter.
     */
    private static int namesTheLog(List<String> names) {
        List<String> lower = new ArrayList<>();
        for (String n : names) {
            String x = n.strip().toLowerCase(Locale.ROOT);
            if (x.isEmpty() || x.startsWith("#") || x.chars().anyMatch(c -> c <= ' ')) return -1;
            lower.add(x);
        }
        return lower.containsAll(NEEDED) && lower.stream().distinct().count() == lower.size() ? 1 : 0;
    }

    /** The delimiter when the first line that is not a comment ({@code #TYPE …}) is such a header, else 0. */
    static char delimiter(List<String> headLines) {
        for (String t : headLines) {
            if (t.startsWith("#")) continue;
            return headerDelimiter(t);
        }
        return 0;
    }

    /** The head's lines as the reader will see them (for what the header says: #Time Format). */
    static List<String> converted(List<String> headLines, char delimiter) {
        Converter c = new Converter(delimiter);
        List<String> out = new ArrayList<>();
        for (String t : headLines) out.add(c.line(t));
        return out;
    }

    /**
     * The fields of one CSV line as Commons CSV reads RFC 4180 ("" inside quotes for a quote; blanks around a quoted
     * value ignored, as a hand-edited file may have them), or null when a quote is left open or the line is no CSV.
     */
    static List<String> fields(String line, char d) {
        try (CSVParser p = CSVParser.parse(line, FORMATS[formatIndex(d)])) {
            java.util.Iterator<CSVRecord> records = p.iterator();
            return records.hasNext() ? records.next().toList() : List.of("");
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            return null;
        }
    }

    private static int formatIndex(char d) {
        for (int i = 0; i < DELIMITERS.length; i++) if (DELIMITERS[i] == d) return i;
        throw new IllegalArgumentException("not a CSV delimiter here: " + d);
    }

    /** One format a delimiter ({@link #DELIMITERS}): RFC 4180 with surrounding blanks ignored. */
    private static final CSVFormat[] FORMATS = new CSVFormat[DELIMITERS.length];

    static {
        for (int i = 0; i < DELIMITERS.length; i++) {
            FORMATS[i] = CSVFormat.RFC4180.builder().setDelimiter(DELIMITERS[i]).setIgnoreSurroundingSpaces(true).build();
        }
    }

    /** Turns CSV lines into log lines, one for one; keeps the header's names to fill rows that lack the last ones. */
    static final class Converter {
        private final char delimiter;
        private List<String> names;

        Converter(char delimiter) {
            this.delimiter = delimiter;
        }

        String line(String raw) {
            String t = raw.strip();
            if (t.startsWith("\u00EF\u00BB\u00BF")) t = t.substring(3).strip();
            if (t.isEmpty()) return raw;
            if (t.startsWith("#")) return t;
            List<String> f = fields(t, delimiter);
            if (f == null) return t;
            // the header (again, for CSVs appended whole): the columns from here on. A row is parsed once: only one that
            // names the log's fields under this delimiter is checked against the others (headerDelimiter's order decides)
            if (f.size() >= NEEDED.size() && namesTheLog(f) > 0 && headerDelimiter(t) == delimiter) {
                names = new ArrayList<>();
                for (String n : f) names.add(n.strip());
                return "#Fields: " + String.join(" ", names);
            }
            if (!f.isEmpty() && f.get(0).strip().startsWith("#")) {
                // a header line of the log, split at its blanks into columns: a comment again. A #Fields line among
                // them (its names cut at the CSV's column count) stays a comment: the CSV's header has the columns.
                String text = String.join(" ", f.stream().map(String::strip).filter(x -> !x.isEmpty()).toList());
                return text.regionMatches(true, 0, "#Fields:", 0, 8) ? "# " + text : text;
            }
            List<String> values = new ArrayList<>();
            for (String v : f) values.add(v.isBlank() ? "-" : v.strip());
            // a row without the header's last columns (a script that named pid over a log without it): those are
            // empty, as a CSV reader takes them, unless one of them is a field the reader needs (a row cut short)
            if (names != null && values.size() < names.size()) {
                boolean needed = false;
                for (String n : names.subList(values.size(), names.size())) needed |= USED.contains(n.toLowerCase(Locale.ROOT));
                if (!needed) while (values.size() < names.size()) values.add("-");
            }
            return String.join(" ", values);
        }
    }

    /** A converted file's bytes as log lines, one for one (the lines' text one byte a character, as the parser takes it). */
    static final class Stream extends InputStream {
        private final InputStream in;
        private final java.util.function.UnaryOperator<String> converter;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private byte[] out = new byte[0];
        private int pos;
        private boolean eof;

        Stream(InputStream in, java.util.function.UnaryOperator<String> converter) {
            this.in = new BufferedInputStream(in);
            this.converter = converter;
        }

        @Override
        public int read() throws IOException {
            while (pos == out.length) {
                if (!fill()) return -1;
            }
            return out[pos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (pos == out.length) {
                if (!fill()) return -1;
            }
            int n = Math.min(len, out.length - pos);
            System.arraycopy(out, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean fill() throws IOException {
            if (eof) return false;
            line.reset();
            int c;
            while ((c = in.read()) != -1 && c != '\n') line.write(c);
            if (c == -1) {
                eof = true;
                if (line.size() == 0) return false;
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
            // the last line keeps its missing line end: a cut last record is still told as one
            out = (converter.apply(text) + (c == -1 ? "" : "\n")).getBytes(StandardCharsets.ISO_8859_1);
            pos = 0;
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
